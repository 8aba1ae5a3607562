import { styleText } from 'node:util';
import Mocha from 'mocha';

/** What decides colour, as Node itself does (FORCE_COLOR wins over NO_COLOR), with `--[no-]color` over both. */
export function wantsColour(
  choice: boolean | undefined,
  stream: { isTTY?: boolean; hasColors?: () => boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (choice !== undefined) return choice;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return !['0', 'false'].includes(env.FORCE_COLOR);
  if (env.NO_COLOR) return false;
  return stream.isTTY === true && stream.hasColors?.() === true;
}

/** The symbols that carry the verdict, in its colours. */
const COLOURS: [symbol: string, colour: 'green' | 'red'][] = [
  ['✔', 'green'],
  ['✘', 'red'],
];

/** The text with every ✔ green and every ✘ red. */
export function colourSymbols(text: string): string {
  return COLOURS.reduce((result, [symbol, colour]) => result.replaceAll(symbol, paint(colour, symbol)), text);
}

/**
 * util.styleText, always applied: whether to colour was decided above, and Node 22 would otherwise
 * decide again from process.stdout, which may not be the stream written to.
 */
export function paint(colour: 'green' | 'red' | 'bold', text: string): string {
  return styleText(colour, text, { validateStream: false });
}

/**
 * Mocha's ✔ and ✖ come already coloured by picocolors, which colours whenever CI is set, even into a
 * pipe: plain symbols, so that whether to colour stays decided once, by wantsColour, through Mocha's `color`.
 */
export function plainMochaSymbols(): void {
  Object.assign(Mocha.reporters.Base.symbols, { ok: '✔', err: '✖' });
}
