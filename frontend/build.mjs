// Compiles GOV.UK Frontend with our branding into the Django static folder.
// Run by `make` at set-up; its output (src/saidanddone/core/static/dist) is not committed.
import * as sass from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/saidanddone/core/static/dist");
const govuk = join(root, "node_modules/govuk-frontend/dist");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "frontend/main.scss"), {
  loadPaths: [govuk],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions"],
});
writeFileSync(join(out, "saidanddone.css"), result.css);
cpSync(join(govuk, "govuk/govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "frontend/init.js"), join(out, "init.js"));
cpSync(join(root, "frontend/page-feedback.js"), join(out, "page-feedback.js"));
// Images only: the GDS Transport fonts and the crown are for GOV.UK itself, not for councils.
cpSync(join(govuk, "govuk/assets/images"), join(out, "assets/images"), { recursive: true });
console.log(`front end built into ${out}`);
