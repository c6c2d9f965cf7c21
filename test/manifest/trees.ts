/**
 * Data trees for `alnm manifest init` tests and its bench: DICOM studies with planted identifiers (several series,
 * one folder holding two DCE phases, a localizer), and NRRD label maps on the series' grids.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeVolume, type Volume } from "../../src/radiomics/image";
import { writeNrrd } from "../../src/radiomics/nrrd-writer";
import { dicomSliceBytes, type DicomIdentity } from "../reliability/writers";

export const SIZE = 12;
export const SLICES = 5;
export const SPACING: [number, number, number] = [0.8, 0.8, 2];

/** A patient's planted identifiers (PS3.15 basic profile attributes), made from a record number. */
export function identityOf(mrn: string): DicomIdentity {
  return {
    PatientName: `SMITHSON^${mrn}`, PatientID: mrn, PatientBirthDate: "19650412", AccessionNumber: `ACC${mrn}`, InstitutionName: "Planted Hospital",
    StudyDate: "20210305", SeriesDate: "20210305", AcquisitionDate: "20210305", ReferringPhysicianName: "REF^PLANTED",
  };
}

export interface SeriesSpec {
  /** Folder under the patient's folder. */
  folder: string;
  description: string;
  number: number;
  /** Stored value of voxel i (x fastest within a slice) of slice k. */
  value: (i: number, k: number) => number;
}

/** Voxel value pattern of series `s` of patient `p`: distinct per patient and series, with texture. */
export const pattern = (p: number, s: number) => (i: number, k: number) => 200 + 40 * s + ((i * (7 + p) + k * 13 + p * 5) % 37) * (1 + (i % SIZE > 5 ? 1 : 0));

/** Writes one patient's series (DICOM slices im<k>.dcm); returns each series' volume as read back by the reader. */
export function writeDicomPatient(dir: string, mrn: string, studyIndex: number, series: SeriesSpec[]): Record<string, Volume> {
  const identity = identityOf(mrn);
  const studyUid = `1.2.826.0.1.3680043.10.1111.${studyIndex + 100}`;
  const volumes: Record<string, Volume> = {};
  for (const s of series) {
    const folder = join(dir, s.folder);
    mkdirSync(folder, { recursive: true });
    const data: number[] = [];
    for (let k = 0; k < SLICES; k++) {
      const pixels = Array.from({ length: SIZE * SIZE }, (_, i) => s.value(i, k));
      data.push(...pixels);
      writeFileSync(
        join(folder, `${s.number}-im${k}.dcm`),
        dicomSliceBytes({
          identity, studyUid, seriesUid: `${studyUid}.${s.number}`, instance: k + 1, rows: SIZE, columns: SIZE,
          pixelSpacing: [SPACING[0], SPACING[1]], sliceThickness: SPACING[2], position: [-4, -6, SPACING[2] * k + 10],
          pixels, seriesDescription: s.description, seriesNumber: s.number,
        }),
      );
    }
    volumes[s.description] = makeVolume(data, [SIZE, SIZE, SLICES], { spacing: SPACING, origin: [-4, -6, 10] });
  }
  return volumes;
}

/** A label map on the series grid: label 1 in a box (tumour), label 2 in another (node), per patient offset. */
export function labelMap(p: number): Volume {
  const data = new Float64Array(SIZE * SIZE * SLICES);
  for (let z = 1; z < 4; z++) {
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const i = x + SIZE * (y + SIZE * z);
        if (x >= 2 + (p % 2) && x < 7 && y >= 3 && y < 8) data[i] = 1;
        else if (x >= 8 && x < 11 && y >= 1 + (p % 3) && y < 6) data[i] = 2;
      }
    }
  }
  return makeVolume(data, [SIZE, SIZE, SLICES], { spacing: SPACING, origin: [-4, -6, 10] });
}

/**
 * The standard test patient under `root/<folder>/study1`: DCE pre and post in one folder, T2, ADC, a localizer, and
 * label maps beside each series.
 */
export function writeStudyTree(root: string, folder: string, p: number, mrn: string): void {
  const dir = join(root, folder, "study1");
  writeDicomPatient(dir, mrn, p, [
    { folder: "dce", description: "Ax DCE pre", number: 5, value: pattern(p, 0) },
    { folder: "dce", description: "Ax DCE post 1", number: 6, value: pattern(p, 1) },
    { folder: "t2", description: "Ax T2 TSE", number: 3, value: pattern(p, 2) },
    { folder: "adc", description: "ADC map", number: 8, value: pattern(p, 3) },
    { folder: "loc", description: "Localizer", number: 1, value: pattern(p, 4) },
  ]);
  for (const folder of ["dce", "t2", "adc"]) writeNrrd(join(dir, folder, "labels.nrrd"), labelMap(p), "uchar");
}
