/**
 * Traditional → simplified for characters common in personal names. Not a general converter
 * (that needs OpenCC's dictionaries and phrase context): only one-to-one characters, so that
 * 張偉 and 张伟 compare as the same written name. Pinyin comparison already treats both as
 * homophones, so a character missing here costs one weight level, never a match.
 */
const PAIRS =
  '張张陳陈劉刘黃黄趙赵吳吴楊杨鄭郑孫孙馬马許许羅罗謝谢韓韩馮冯鄧邓蕭萧葉叶蔣蒋賴赖龍龙華华' +
  '偉伟國国強强麗丽軍军紅红東东鳳凤蘭兰慶庆嬌娇劍剑輝辉傑杰勝胜誠诚榮荣寶宝貴贵雲云豐丰鋒锋' +
  '鵬鹏濤涛潔洁靜静穎颖雙双學学愛爱權权興兴瑩莹銀银鐵铁錢钱鄒邹閻阎盧卢蘇苏魯鲁湯汤陸陆賈贾' +
  '嚴严歐欧顧顾齊齐鄺邝鍾钟鐘钟範范溫温萬万聶聂譚谭莊庄關关喬乔曉晓蓮莲廣广長长樂乐義义禮礼' +
  '軒轩晉晋陽阳綺绮瑋玮韋韦倫伦飛飞聰聪達达進进勳勋鴻鸿滿满順顺憲宪賢贤懷怀億亿燁烨煒炜暉晖' +
  '穩稳藝艺圓圆園园夢梦潤润澤泽濱滨淵渊嶺岭錦锦銘铭鳴鸣鶴鹤鷹鹰騰腾駿骏馳驰紹绍維维緯纬綠绿' +
  '紀纪純纯絲丝經经婦妇嬋婵嫻娴聖圣賓宾貞贞費费賀贺資资賜赐寧宁實实寬宽憶忆戰战揚扬數数時时' +
  '書书會会楓枫樹树漢汉為为烏乌無无燈灯燦灿爾尔獻献現现環环瓊琼產产畢毕發发碩硕禎祯祿禄禪禅' +
  '競竞節节簡简約约紋纹細细結结統统緒绪總总繼继續续習习聯联聲声肅肃舉举艷艳蔭荫薈荟藍蓝蘆芦' +
  '處处衛卫親亲觀观記记詩诗誌志語语說说論论諸诸謙谦譽誉財财貝贝賞赏躍跃車车輔辅輪轮農农遠远' +
  '邊边鄉乡醫医釗钊鈞钧鈴铃鈺钰鋼钢錄录鎮镇鏡镜鐸铎門门開开間间閣阁陣阵隊队際际隨随雞鸡離离' +
  '電电靈灵韻韵頌颂領领頤颐顏颜願愿顯显風风飄飘餘余騏骐驍骁體体鯉鲤鴿鸽鵑鹃麥麦齡龄龜龟';

const TO_SIMPLIFIED: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  const chars = Array.from(PAIRS);
  for (let i = 0; i + 1 < chars.length; i += 2) m.set(chars[i] ?? '', chars[i + 1] ?? '');
  return m;
})();

/** Simplified → one traditional form, for the synthetic generator's "written in traditional" noise. */
export const TO_TRADITIONAL: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [t, s] of TO_SIMPLIFIED) if (!m.has(s)) m.set(s, t);
  return m;
})();

/** Replaces the traditional name characters this table knows with their simplified forms. */
export function simplifyNameChars(text: string): string {
  let out = '';
  for (const c of text) out += TO_SIMPLIFIED.get(c) ?? c;
  return out;
}
