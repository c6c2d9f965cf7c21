/**
 * What a manifest builder needs of a DICOM-SEG or an RT Structure Set found in a DICOM tree: the image series it
 * segments (by SeriesInstanceUID) and the names of its segments (SegmentLabel, ROIName), so that each of its
 * segments can become a case of that series' patient and sequence. Nothing identifying is read.
 */
import { items, readDicomObject, RT_STRUCTURE_SET_STORAGE, SEGMENTATION_STORAGE } from "./dicom-object";

export interface SegmentationContents {
  kind: "DICOM-SEG" | "RTSTRUCT";
  /** SeriesInstanceUIDs of the segmented image series (SEG: ReferencedSeriesSequence; RTSTRUCT: through the frame of reference). */
  referencedSeries: string[];
  /** Segment names as `segment` selects them. */
  segments: string[];
}

/**
 * Reads a segmentation object's references and segment names; null for a file of another SOP class.
 *
 * @example
 * await segmentationContents("/data/P1/seg/seg.dcm", "P1/seg/seg.dcm"); // { kind: "DICOM-SEG", referencedSeries: ["1.2..."], segments: ["Tumour", "Node"] }
 */
export async function segmentationContents(path: string, shown: string): Promise<SegmentationContents | null> {
  const { dataset: ds } = await readDicomObject(path, shown);
  const uids = (list: Record<string, any>[]) => list.map((s) => String(s.SeriesInstanceUID ?? "")).filter((u) => u !== "");
  if (ds.SOPClassUID === SEGMENTATION_STORAGE) {
    return {
      kind: "DICOM-SEG",
      referencedSeries: uids(items(ds.ReferencedSeriesSequence)),
      segments: items(ds.SegmentSequence).map((s) => String(s.SegmentLabel ?? "")),
    };
  }
  if (ds.SOPClassUID === RT_STRUCTURE_SET_STORAGE) {
    const series = items(ds.ReferencedFrameOfReferenceSequence)
      .flatMap((f) => items(f.RTReferencedStudySequence))
      .flatMap((s) => items(s.RTReferencedSeriesSequence));
    return { kind: "RTSTRUCT", referencedSeries: uids(series), segments: items(ds.StructureSetROISequence).map((r) => String(r.ROIName ?? "")) };
  }
  return null;
}
