/**
 * Reading a whole DICOM object (a Segmentation or an RT Structure Set, with their nested sequences) through
 * dcmjs, after the project's header check (image-header.ts) has verified every element length against the
 * file. Values come as dcmjs' "naturalized" data set: attributes by keyword, sequences as arrays of items,
 * multi-valued numbers as arrays. Nothing identifying (patient, UIDs) is read from it by this project.
 */
import { readFileSync } from "node:fs";
import { importEsm } from "../../util/esm";

/** SOP Class UIDs of the segmentation objects read as masks (DICOM PS3.4 Annex B). */
export const SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
export const RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3";

/** Transfer syntaxes whose pixel data is stored as is (implicit / explicit VR little endian). */
const NATIVE_LITTLE_ENDIAN = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]);

/** A parsed DICOM object: its data set and whether its pixel data (if any) is stored uncompressed, little endian. */
export interface DicomObject {
  dataset: Record<string, any>;
  transferSyntax: string;
  nativePixels: boolean;
}

/** Parses the DICOM Part 10 file at `path` (`shown` names it in errors). */
export async function readDicomObject(path: string, shown: string): Promise<DicomObject> {
  const dcmjs = await importEsm("dcmjs");
  const { DicomMessage, DicomMetaDictionary } = (dcmjs.default ?? dcmjs).data;
  const bytes = readFileSync(path);
  try {
    const parsed = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const transferSyntax = String(parsed.meta?.["00020010"]?.Value?.[0] ?? "");
    return { dataset: DicomMetaDictionary.naturalizeDataset(parsed.dict), transferSyntax, nativePixels: NATIVE_LITTLE_ENDIAN.has(transferSyntax) };
  } catch (e) {
    throw new Error(`${shown}: cannot parse DICOM object (${(e as Error).message ?? e})`);
  }
}

/** The items of a sequence attribute (none when absent; one item may come unwrapped). */
export function items(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value as Record<string, any>];
}

/** The numbers of a numeric attribute (DS, IS, US, ...), single- or multi-valued; [] when absent. */
export function numbers(value: unknown): number[] {
  if (value === undefined || value === null || value === "") return [];
  return (Array.isArray(value) ? value : [value]).map(Number);
}
