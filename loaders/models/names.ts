/**
 * The study's models by id (`MODEL.head`), from the one table of display names (lib/names.ts).
 * Code picks a model by id; the value is the display name that pages, Arrow files and cache keys carry.
 */
import {NAMES} from "../lib/names.ts";

export const MODEL = NAMES.model;
export type ModelName = (typeof MODEL)[keyof typeof MODEL];
