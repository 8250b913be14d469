/**
 * The visible-text rules live in src/shared/displayText.ts so the bus and the
 * renderer escape exactly alike; the decoders import them from here.
 */
export { hasBidiControls, isBidiControl, toVisibleText, toVisibleTextWithin, type VisibleTextOptions } from '../../shared/displayText';
