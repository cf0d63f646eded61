/**
 * How identifiers show on screens of roles that do not need them in full (个人信息保护法 Art. 51:
 * de-identification in use): enough to recognise a person one already knows, not to identify a
 * stranger. The server masks before it answers; the browser never receives the full value.
 */

/** `440304199001011234` → `4403**********1234` (first 4, last 4); shorter IDs keep 2 and 2. */
export function maskIdNumber(id: string): string {
  const v = id.trim();
  if (v.length <= 4) return '*'.repeat(v.length);
  const keep = v.length >= 15 ? 4 : 2;
  return `${v.slice(0, keep)}${'*'.repeat(v.length - 2 * keep)}${v.slice(-keep)}`;
}

/** `13800138000` → `138****8000`; a landline keeps its area code and last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const area = digits.startsWith('0') ? digits.slice(0, digits.length > 10 ? 4 : 3) : '';
  return `${area}${'*'.repeat(digits.length - area.length - 4)}${digits.slice(-4)}`;
}

/** `张三` → `张*`, `欧阳娜娜` → `欧**娜`, `John Smith` → `J*** S****`. */
export function maskName(name: string): string {
  const v = name.trim();
  if (/^[\u3400-\u9fff·]+$/.test(v)) {
    const chars = Array.from(v);
    if (chars.length <= 2) return `${chars[0] ?? ''}*`;
    return `${chars[0] ?? ''}${'*'.repeat(chars.length - 2)}${chars.at(-1) ?? ''}`;
  }
  return v
    .split(/\s+/)
    .map((w) => (w ? `${w[0] ?? ''}${'*'.repeat(w.length - 1)}` : w))
    .join(' ');
}

/** An address down to its community: `福田区福保街道福田保税区xx号` → `福田区福保街道***`. */
export function maskAddress(address: string): string {
  const m = /^(.*?(?:街道|镇|乡))/.exec(address.trim());
  return m ? `${m[1] ?? ''}***` : `${Array.from(address.trim()).slice(0, 3).join('')}***`;
}
