// One-time codes themselves: how they are drawn and how a submitted code is compared with one. Both
// are where real implementations go wrong, so both have infidelity faults (emulator/faults.ts).
import { randomInt, timingSafeEqual } from 'node:crypto';
import { hasFault, type Project } from './project.ts';

/** The predictable-generator fault's counter: each project counts up from a fixed start. */
const counters = new WeakMap<Project, number>();

/** CODE-UNPREDICTABLE, CODE-LENGTH-AT-LEAST-6: `length` digits from a CSPRNG; leading zeros are kept. */
export function drawCode(project: Project, length: number): string {
  if (hasFault(project, 'predictable-codes')) {
    const next = ((counters.get(project) ?? 123_456) + 1) % 10 ** length;
    counters.set(project, next);
    return String(next).padStart(length, '0');
  }
  return String(randomInt(10 ** length)).padStart(length, '0');
}

/** The zeros of the decimal digit runs of common scripts (Arabic-Indic, Devanagari, Bengali, Thai, …). */
const DIGIT_ZEROS = [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810];

/** Digits of other scripts (full-width by NFKC, the others by their run) as ASCII digits: the digit-script-folding fault. */
function foldDigits(text: string): string {
  return text.normalize('NFKC').replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => code >= z && code < z + 10);
    return zero === undefined ? digit : String(code - zero);
  });
}

/**
 * VERIFY-CODE-EXACT-MATCH: a code is accepted only as the exact string sent, compared in constant
 * time. The faults are the loose comparisons real code ends up with.
 */
export function codeMatches(project: Project, expected: string, given: string): boolean {
  let candidate = given;
  if (hasFault(project, 'whitespace-trimmed-codes')) candidate = candidate.trim();
  if (hasFault(project, 'digit-script-folding')) candidate = foldDigits(candidate);
  if (hasFault(project, 'prefix-code-comparison') && candidate.length >= 4 && (expected.startsWith(candidate) || candidate.startsWith(expected))) return true;
  if (hasFault(project, 'numeric-code-comparison') && /^\d+$/.test(candidate) && Number(candidate) === Number(expected)) return true;
  const wanted = Buffer.from(expected);
  const offered = Buffer.from(candidate);
  // timingSafeEqual needs equal lengths; compare against itself so a length mismatch costs the same.
  return wanted.length === offered.length ? timingSafeEqual(wanted, offered) : !timingSafeEqual(wanted, wanted);
}
