// Phone numbers leave the emulator masked: in responses (maskedPhone) and never in logs.

/**
 * `+15551234567` → `+*******4567`: the last four digits for a number of 8+ digits, the last two
 * for shorter ones, so the whole number is never revealed.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '*'.repeat(Math.max(digits.length, 1));
  const shown = digits.length >= 8 ? 4 : 2;
  const prefix = phone.startsWith('+') ? '+' : '';
  return `${prefix}${'*'.repeat(digits.length - shown)}${digits.slice(-shown)}`;
}
