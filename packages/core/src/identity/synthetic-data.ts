/**
 * Word lists for the synthetic resident generator. Synthetic: the names, roads and numbers are
 * put together at random and describe nobody.
 */

/** Surnames in the order of the public frequency ranking; the generator gives them Zipf-shaped shares. */
export const SURNAMES = (
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高 郑 梁 谢 宋 唐 许 韩 邓 冯 曹 彭 曾 肖 田 ' +
  '董 潘 袁 蔡 蒋 余 于 杜 叶 程 魏 苏 吕 丁 任 卢 姚 沈 钟 姜 崔 谭 陆 范 汪 廖 石 金 韦 贾 夏 付 方 邹 ' +
  '熊 白 孟 秦 邱 侯 江 尹 薛 闫 段 雷 龙 黎 史 陶 贺 毛 郝 顾 龚 邵 万 覃 武 钱 戴 严 莫 孔 向 常 汤 康 ' +
  '易 乔 赖 文 施 洪 欧阳 司马 上官 诸葛'
).split(' ');

/** Characters common in given names, leaning male and leaning female. */
export const GIVEN_MALE = Array.from(
  '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳博文晨轩睿泽子昊宏志建国峰亮成海东兵晓云振家天思嘉梓一诚铭然航瑞锦豪翔鸿毅'
);
export const GIVEN_FEMALE = Array.from(
  '芳娜敏静丽秀艳娟霞玲燕红梅琳婷雪慧颖倩洁琴云莉萍佳欣悦怡涵萱彤雨诗梦思雅晶璐蕾瑶琪晗妍茜蓉薇月凤兰英桂春丹露宁可心语嘉子若一'
);

/**
 * Characters read alike without tones (同音字), as a pinyin input method offers them side by side:
 * the commonest way a name is mistyped.
 */
export const HOMOPHONE_GROUPS = [
  '伟玮炜纬韦维薇威巍魏卫',
  '丽莉俐力立利黎礼李理',
  '明铭鸣名茗',
  '华桦骅',
  '军君俊均钧骏峻',
  '静敬晶婧菁精靖京景',
  '芳方舫',
  '杰洁婕捷',
  '林琳霖临麟',
  '玲铃凌灵龄菱伶',
  '红宏洪鸿虹泓',
  '燕艳妍彦雁',
  '欣新鑫心馨昕',
  '玉宇雨羽语钰瑜煜',
  '倩茜芊',
  '慧惠辉晖徽卉',
  '秀琇绣',
  '美梅媚玫',
  '娜纳',
  '涛韬桃',
  '婷庭亭霆廷',
  '浩昊皓灏',
  '阳洋扬杨',
  '建健剑',
  '平萍苹',
  '霞侠',
  '磊蕾垒',
  '刚钢',
  '峰锋枫丰',
  '云芸筠',
  '晓筱',
  '志智芝致',
  '斌彬滨',
  '鹏朋',
  '飞菲',
  '凯恺',
  '帆凡',
  '旭煦',
  '宁凝',
  '龙隆',
  '文雯',
  '晨辰宸',
  '轩萱宣',
  '睿瑞锐',
  '亮靓',
  '成诚承程',
  '东冬',
  '兵冰',
  '振震',
  '家佳嘉',
  '天添',
  '梓紫子',
  '怡宜仪',
  '涵函寒',
  '彤桐',
  '雅亚',
  '璐露路鹭',
  '瑶遥',
  '琪琦奇祺',
  '蓉荣容融',
  '月悦越',
  '兰岚',
  '英莹瑛颖盈',
  '一依',
  '娟涓',
  '琴勤芹',
  '张章',
  '王汪',
  '徐许',
  '刘柳',
  '吴伍武',
  '黄皇',
  '江姜蒋',
  '于余俞',
  '萧肖',
  '付傅符',
  '冯封',
  '戴代',
  '卢鲁陆',
  '陈臣',
  '周舟',
  '何和',
  '唐汤',
  '石史',
].map((g) => Array.from(g));

/** Near-homophones that southern speakers do not separate (林/玲 lin/ling, 南/兰 nan/lan, 朱/祖 zhu/zu …). */
export const FUZZY_PAIRS = [
  '林玲',
  '陈程',
  '金京',
  '斌兵',
  '民明',
  '新星',
  '山三',
  '诗思',
  '志子',
  '朱祖',
  '南兰',
  '宁玲',
  '丽妮',
  '胡付',
  '曾郑',
  '琴晴',
  '敏铭',
  '春村',
  '珍征',
  '军君',
].map((p) => Array.from(p));

/** Districts of a synthetic city, each with its streets (街道). */
export const DISTRICTS: readonly { name: string; streets: string[] }[] = [
  { name: '福田区', streets: ['华富', '莲花', '香蜜湖', '沙头', '梅林', '园岭', '南园', '福保'] },
  { name: '罗湖区', streets: ['桂园', '黄贝', '东门', '翠竹', '笋岗', '清水河', '莲塘', '东湖'] },
  { name: '南山区', streets: ['南头', '南山', '沙河', '蛇口', '招商', '粤海', '桃源', '西丽'] },
  { name: '龙岗区', streets: ['平湖', '布吉', '坂田', '南湾', '横岗', '龙城', '龙岗', '坪地'] },
  { name: '光明区', streets: ['光明', '公明', '新湖', '凤凰', '玉塘', '马田'] },
];

/** Parts of road names; a road is a part with 路, 街 or 大道. */
export const ROAD_PARTS = Array.from(
  new Set(
    '红荔 福华 深南 景田 香梅 皇岗 新洲 益田 彩田 梅华 上步 华强 振兴 燕南 八卦 泥岗 布心 宝安 建设 人民 解放 中山 和平 友谊 田贝 爱国 太宁 文锦 春风 嘉宾 南湖 沙湾 创业 科苑 学府 桂庙 前海 工业 龙翔 碧新 吉华 雪岗'.split(
      ' '
    )
  )
);
export const ROAD_SUFFIXES = ['路', '街', '大道'];
export const VILLAGE_PARTS = '上围 下围 新围 老围 大芬 水径 甘坑 岗头 塘坑 石龙 樟树 黄竹'.split(' ');
export const COMMUNITY_PARTS = '新村 花园 东 西 南 北 中 景 华 安 乐 康'.split(' ');

/** Region codes (县级行政区划代码) that synthetic IDs are issued under: many provinces, a Guangdong majority. */
export const ID_REGIONS = (
  '440304 440303 440305 440306 440307 440308 440309 440310 440311 445102 441302 441402 ' +
  '430102 430104 431002 360102 420102 421002 450102 510104 500103 350102 410102 130102 ' +
  '370102 320102 330106 340102 610113 220102 210102 140105 530102 520102 620102 230102 ' +
  '120101 110105 310115 460105'
).split(' ');

/** Latin names for the few foreign permanent residents. */
export const LATIN_GIVEN = 'JOHN MARIA DAVID ANNA PETER SOFIA JAMES ELENA MICHAEL OLGA'.split(' ');
export const LATIN_FAMILY = 'SMITH MUELLER GARCIA IVANOV KIM TANAKA NGUYEN SILVA ROSSI BROWN'.split(' ');
