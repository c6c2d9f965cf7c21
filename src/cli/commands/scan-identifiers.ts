import type { Command } from "../command";
import { parseArgs } from "../command";
import { dicomIdentifiers, listFiles, scanFiles } from "../../privacy/identifiers";

export const scanIdentifiers: Command = {
  help: `Usage: alnm scan-identifiers --dicom <file-or-folder>... <output-file-or-folder>...

Reads the identifying attributes (PatientName, PatientID, PatientBirthDate, AccessionNumber,
InstitutionName, study/series/acquisition dates, physicians, ...) of every DICOM file given with --dicom
(folders are searched recursively), then searches every output file for them, also as person-name parts
("DOE^JANE" -> "DOE", "JANE") and reformatted dates ("20180923" -> "2018-09-23"). Prints each finding
(attribute, matched text, file; never the full list of identifiers) and exits 1 if there is any.

Example:
  npx alnm scan-identifiers --dicom data/dicom out/cohort results figures build/notebooks`,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const dicom = options.get("dicom") ?? [];
    if (dicom.length === 0 || positional.length === 0) {
      console.error("scan-identifiers: give --dicom <path> and at least one output path (see alnm scan-identifiers --help)");
      return 2;
    }
    const identifiers = await dicomIdentifiers(listFiles(dicom));
    const findings = scanFiles(positional, identifiers);
    for (const f of findings) console.log(`${f.attribute}: '${f.match}' found in ${f.where}`);
    console.log(`${identifiers.length} identifying values from ${dicom.join(", ")}; ${findings.length} finding(s) in ${listFiles(positional).length} file(s)`);
    return findings.length > 0 ? 1 : 0;
  },
};
