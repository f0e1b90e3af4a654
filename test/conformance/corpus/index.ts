/** The authored golden corpus, all groups. */
import { extraCases } from "./extras.js";
import type { CaseDef } from "./helpers.js";
import { matrixCases } from "./matrix.js";
import { pipelineCases } from "./pipeline.js";
import { rawHttpCases } from "./raw-http.js";
import { refusalCases } from "./refusals.js";
import { regexDefaultCases } from "./regex-defaults.js";
import { rewriteVectors } from "./rewrite-vectors.js";
import { seedScenarios } from "./seed-scenarios.js";
import { wsgiVectors } from "./wsgi-vectors.js";

export const corpus: CaseDef[] = [...rewriteVectors, ...wsgiVectors, ...seedScenarios, ...pipelineCases, ...extraCases, ...refusalCases, ...matrixCases, ...regexDefaultCases, ...rawHttpCases];
