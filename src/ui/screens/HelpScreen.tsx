// Help: the practice extract, what the app imports and how it reads it, for whoever prepares the
// files. Reached from Import and the footer; works offline like every screen. The text is data
// (src/ui/help/extractFormat.ts), kept to the rules of docs/practice-extract.md.

import { HelpTable } from '../help/HelpTable';
import { InlineCode } from '../help/InlineCode';
import { FILE_NOTES, FILE_RULES, GENERAL_RULES, ID_RULES, PROJECT_URL_BASE, PROJECT_URLS, REPORT_RULES, RESOURCES, SAFETY_RULES } from '../help/extractFormat';
import { screenHref } from '../navigation';

function Paragraphs({ texts }: { texts: readonly string[] }) {
  return (
    <>
      {texts.map((t) => (
        <p className="nhsuk-body" key={t}><InlineCode text={t} /></p>
      ))}
    </>
  );
}

export function HelpScreen() {
  return (
    <section aria-labelledby="help-title" className="app-help">
      <h1 id="help-title">The practice extract: what the app imports</h1>
      <p className="nhsuk-lede-text">
        The app imports the practice&apos;s patients from a FHIR R4 extract: NDJSON files, one per resource type, as a FHIR bulk-data export
        writes them (<code>Patient.ndjson</code>, <code>MedicationRequest.ndjson</code> and so on; several files of one type are fine), or one
        FHIR Bundle file.
      </p>
      <p className="nhsuk-body">
        UK Core conventions are used where they exist; where they do not, the app&apos;s own extensions below. The files are read in this
        browser: nothing is sent anywhere. To see an extract in this format, download the practice data on the Import screen (try it with the
        demo practice); importing that download gives the same patients and the same eligibility outcomes.
      </p>
      <p className="nhsuk-body"><a href={screenHref('import')}>Go to Import</a></p>

      <h2>Files</h2>
      <HelpTable {...FILE_RULES} />
      <Paragraphs texts={FILE_NOTES} />

      <h2>What is read from each resource</h2>
      <Paragraphs texts={GENERAL_RULES} />
      <p className="nhsuk-body">
        In the tables, <code>…</code> stands for <code>{PROJECT_URL_BASE}</code>: a reserved name, so the app&apos;s own URLs can never clash with
        anyone else&apos;s. They are names only, never fetched.
      </p>
      {RESOURCES.map((r) => (
        <section key={r.title}>
          <h3>{r.title}</h3>
          {r.before && <Paragraphs texts={r.before} />}
          <HelpTable {...r.table} />
          {r.after && <Paragraphs texts={r.after} />}
        </section>
      ))}

      <h2>The app&apos;s own URLs</h2>
      <HelpTable {...PROJECT_URLS} />

      <h2>Ids</h2>
      <Paragraphs texts={ID_RULES} />

      <h2>The import report</h2>
      <Paragraphs texts={REPORT_RULES} />

      <h2>Importing safely</h2>
      <Paragraphs texts={SAFETY_RULES} />
      <p className="nhsuk-body"><a href={screenHref('import')}>Go to Import</a></p>
    </section>
  );
}
