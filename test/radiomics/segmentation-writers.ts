/**
 * Test writers of DICOM segmentation objects through dcmjs (a maintained DICOM library, not the project's
 * reader): a DICOM-SEG (binary, 1-bit frames packed across frames) and an RT Structure Set, each carrying a
 * planted fake patient identity so that tests can check no identifier reaches an output or a message.
 */
import dcmjs from "dcmjs";

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

/** The fake identity planted in every object written here. */
export const PLANTED = { PatientName: "Planted^Fakename", PatientID: "FAKE-ID-4711", PatientBirthDate: "19010101" };

/** Part 10 bytes of a naturalized data set, explicit VR little endian. */
function part10(dataset: Record<string, unknown>, sopClass: string, sopInstance: string): Buffer {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: sopInstance,
    TransferSyntaxUID: "1.2.840.10008.1.2.1",
    ImplementationClassUID: "1.2.826.0.1.3680043.10.1111.7",
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset({ ...PLANTED, SOPClassUID: sopClass, SOPInstanceUID: sopInstance, ...dataset });
  return Buffer.from(dict.write());
}

/** One frame of a DICOM-SEG: its segment, the plane position and the Rows x Columns bits (row by row). */
export interface SegFrame {
  segmentNumber: number;
  position: [number, number, number];
  bits: ArrayLike<number>;
}

export interface SegSpec {
  segments: { number: number; label: string }[];
  rows: number;
  columns: number;
  /** PixelSpacing: (row spacing, column spacing). */
  pixelSpacing: [number, number];
  orientation: [number, number, number, number, number, number];
  /** SliceThickness of the Pixel Measures (dcmqi takes it as the slice spacing). */
  sliceThickness: number;
  frames: SegFrame[];
  segmentationType?: string;
  /** The image series segmented (ReferencedSeriesSequence) and this object's own UID (default a fixed one). */
  referencedSeriesUid?: string;
  uid?: string;
}

/** A binary DICOM Segmentation (PS3.3 A.51): frames' bits packed continuously, least significant bit first. */
export function dicomSegBytes(spec: SegSpec): Buffer {
  const uid = spec.uid ?? "1.2.826.0.1.3680043.10.1111.8.2";
  const pixels = spec.rows * spec.columns;
  const bytes = Math.ceil((pixels * spec.frames.length) / 8);
  const packed = new Uint8Array(bytes + (bytes % 2)); // DICOM values have even length
  spec.frames.forEach((f, k) => {
    for (let p = 0; p < pixels; p++) if (f.bits[p]) packed[(k * pixels + p) >> 3] |= 1 << ((k * pixels + p) & 7);
  });
  return part10(
    {
      Modality: "SEG",
      SeriesInstanceUID: uid,
      ...(spec.referencedSeriesUid ? { ReferencedSeriesSequence: [{ SeriesInstanceUID: spec.referencedSeriesUid, ReferencedInstanceSequence: [] }] } : {}),
      StudyInstanceUID: "1.2.826.0.1.3680043.10.1111.8",
      Rows: spec.rows,
      Columns: spec.columns,
      NumberOfFrames: String(spec.frames.length),
      SamplesPerPixel: 1,
      PhotometricInterpretation: "MONOCHROME2",
      BitsAllocated: 1,
      BitsStored: 1,
      HighBit: 0,
      PixelRepresentation: 0,
      SegmentationType: spec.segmentationType ?? "BINARY",
      SegmentSequence: spec.segments.map((s) => ({ SegmentNumber: s.number, SegmentLabel: s.label, SegmentAlgorithmType: "MANUAL" })),
      SharedFunctionalGroupsSequence: [
        {
          PixelMeasuresSequence: [{ PixelSpacing: spec.pixelSpacing, SliceThickness: spec.sliceThickness }],
          PlaneOrientationSequence: [{ ImageOrientationPatient: spec.orientation }],
        },
      ],
      PerFrameFunctionalGroupsSequence: spec.frames.map((f) => ({
        PlanePositionSequence: [{ ImagePositionPatient: f.position }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: f.segmentNumber }],
      })),
      PixelData: [packed.buffer],
      _vrMap: { PixelData: "OB" },
    },
    "1.2.840.10008.5.1.4.1.1.66.4",
    `${uid}.1`,
  );
}

/** One ROI of an RT Structure Set: its name and its contours (x, y, z points in mm). */
export interface RoiSpec {
  number: number;
  name: string;
  contours: { points: [number, number, number][]; type?: string }[];
}

/** An RT Structure Set (PS3.3 A.19) holding `rois`. */
export function rtStructBytes(rois: RoiSpec[], refer: { referencedSeriesUid?: string; uid?: string } = {}): Buffer {
  const uid = refer.uid ?? "1.2.826.0.1.3680043.10.1111.8.3";
  return part10(
    {
      Modality: "RTSTRUCT",
      StructureSetLabel: "Planted^Fakename structures",
      SeriesInstanceUID: uid,
      ...(refer.referencedSeriesUid
        ? { ReferencedFrameOfReferenceSequence: [{ RTReferencedStudySequence: [{ RTReferencedSeriesSequence: [{ SeriesInstanceUID: refer.referencedSeriesUid }] }] }] }
        : {}),
      StudyInstanceUID: "1.2.826.0.1.3680043.10.1111.8",
      StructureSetROISequence: rois.map((r) => ({ ROINumber: r.number, ROIName: r.name, ROIGenerationAlgorithm: "MANUAL" })),
      ROIContourSequence: rois.map((r) => ({
        ReferencedROINumber: r.number,
        ContourSequence: r.contours.map((c, k) => ({
          ContourNumber: k + 1,
          ContourGeometricType: c.type ?? "CLOSED_PLANAR",
          NumberOfContourPoints: c.points.length,
          ContourData: c.points.flat(),
        })),
      })),
    },
    "1.2.840.10008.5.1.4.1.1.481.3",
    `${uid}.1`,
  );
}

/** One frame of an enhanced MR image: where it lies and its Rows x Columns stored values (row by row). */
export interface EnhancedFrame {
  position: [number, number, number];
  values: ArrayLike<number>;
}

/**
 * An Enhanced MR Image (PS3.3 A.36.2), one multi-frame file: signed 16-bit frames, pixel spacing, orientation and
 * rescale in the shared functional groups, each frame's position in its per-frame group.
 */
export function enhancedMrBytes(spec: { rows: number; columns: number; pixelSpacing: [number, number]; frames: EnhancedFrame[]; rescale?: { slope: number; intercept: number } }): Buffer {
  const pixels = new Int16Array(spec.rows * spec.columns * spec.frames.length);
  spec.frames.forEach((f, k) => pixels.set(Array.from(f.values), k * spec.rows * spec.columns));
  const sopClass = "1.2.840.10008.5.1.4.1.1.4.1";
  return part10(
    {
      Modality: "MR",
      StudyInstanceUID: "1.2.826.0.1.3680043.10.1111.9",
      SeriesInstanceUID: "1.2.826.0.1.3680043.10.1111.9.9",
      SeriesDescription: "enhanced",
      ImageType: ["ORIGINAL", "PRIMARY", "M", "NONE"],
      Rows: spec.rows,
      Columns: spec.columns,
      NumberOfFrames: String(spec.frames.length),
      SamplesPerPixel: 1,
      PhotometricInterpretation: "MONOCHROME2",
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      SharedFunctionalGroupsSequence: [
        {
          PixelMeasuresSequence: [{ PixelSpacing: spec.pixelSpacing, SliceThickness: 3 }],
          PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }],
          PixelValueTransformationSequence: [{ RescaleIntercept: spec.rescale?.intercept ?? 0, RescaleSlope: spec.rescale?.slope ?? 1, RescaleType: "US" }],
        },
      ],
      PerFrameFunctionalGroupsSequence: spec.frames.map((f, k) => ({
        PlanePositionSequence: [{ ImagePositionPatient: f.position }],
        FrameContentSequence: [{ InStackPositionNumber: k + 1, StackID: "1" }],
      })),
      PixelData: [pixels.buffer],
      _vrMap: { PixelData: "OW" },
    },
    sopClass,
    "1.2.826.0.1.3680043.10.1111.9.9.1",
  );
}
