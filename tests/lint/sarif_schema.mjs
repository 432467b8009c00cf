// SPDX-License-Identifier: MIT
// Validates `cors-studio lint --format sarif` against the SARIF 2.1.0 JSON schema.
//
//   node sarif_schema.mjs --cli CLI --modules DIR POLICY[::NGINX.conf]...
//
// POLICY::NGINX.conf lints with --proxy NGINX.conf: the nginx findings name that file (and a
// line), and there must be at least one.
//
// DIR holds the node_modules of tests/lint/package-lock.json (ajv 6, which speaks the schema's
// draft-04, and @microsoft/jest-sarif, which ships sarif-2.1.0-rtm.5.json). For every policy:
// the log is schema-valid (formats included), every result names a rule of tool.driver.rules
// with the matching ruleIndex and a help text, regions start at line 1 or later, the artifact
// URI parses as a URI reference that names the policy, and the exit code is 1 exactly when a
// result is an error. Prints a summary; exits 1 on any failure.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

function parseArgs(argv) {
    const args = { policies: [] };
    for (let i = 0; i < argv.length; ++i) {
        if (argv[i] === '--cli') args.cli = argv[++i];
        else if (argv[i] === '--modules') args.modules = argv[++i];
        else args.policies.push(argv[i]);
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));
const require = createRequire(path.join(path.resolve(args.modules), 'package.json'));
const Ajv = require('ajv');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const ajv = new Ajv({ schemaId: 'auto', allErrors: true, format: 'full' });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);

const failures = [];
let results = 0;
let withRegion = 0;
let withAttacker = 0;
const ruleIds = new Set();

let nginxResults = 0;
for (const arg of args.policies) {
    const [policy, proxy] = arg.split('::');
    const proxyArgs = proxy ? ['--proxy', proxy] : [];
    const run = spawnSync(args.cli, ['lint', '--format', 'sarif', '-q', ...proxyArgs, policy],
        { encoding: 'utf-8' });
    let fromProxy = 0;
    const fail = (what) => failures.push(`${policy}: ${what}`);
    if (run.status !== 0 && run.status !== 1) {
        fail(`exit ${run.status}: ${run.stderr}`);
        continue;
    }
    let log;
    try {
        log = JSON.parse(run.stdout);
    } catch (e) {
        fail(`not JSON: ${e.message}`);
        continue;
    }
    if (!validate(log)) {
        fail(`schema: ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
        continue;
    }
    if (log.version !== '2.1.0' || log.runs.length !== 1) {
        fail('not one SARIF 2.1.0 run');
        continue;
    }
    const rules = log.runs[0].tool.driver.rules;
    let errors = 0;
    for (const result of log.runs[0].results) {
        ++results;
        const rule = rules[result.ruleIndex];
        if (!rule || rule.id !== result.ruleId)
            fail(`result ${result.ruleId} has ruleIndex ${result.ruleIndex}`);
        else if (!rule.help || !rule.help.text)
            fail(`rule ${rule.id} has no help`);
        ruleIds.add(result.ruleId);
        if (result.level === 'error') ++errors;
        const location = result.locations[0];
        const physical = location.physicalLocation;
        if (!physical) {
            fail(`result ${result.ruleId} has no physical location`);
            continue;
        }
        const uri = physical.artifactLocation.uri;
        if (proxy && decodeURIComponent(uri) === proxy) {
            ++fromProxy;
            if (!physical.region) fail(`nginx result ${result.ruleId} has no line`);
        } else if (decodeURIComponent(uri) !== policy) {
            fail(`artifact uri ${uri} does not name ${policy}`);
        }
        try {
            new URL(uri, 'file:///base/');
        } catch (e) {
            fail(`artifact uri ${uri}: ${e.message}`);
        }
        if (physical.region) {
            ++withRegion;
            if (!(physical.region.startLine >= 1)) fail(`bad region ${JSON.stringify(physical.region)}`);
        }
        if (result.properties && result.properties.attackerOrigin) ++withAttacker;
    }
    if ((errors > 0) !== (run.status === 1))
        fail(`exit ${run.status} with ${errors} error result(s)`);
    if (proxy && fromProxy === 0) fail(`no result names ${proxy}`);
    nginxResults += fromProxy;
}

console.log(`lint/sarif_schema: ${args.policies.length} SARIF logs valid against ${schema.title}: ` +
    `${results} results (${withRegion} with a line, ${withAttacker} with an attacker origin, ` +
    `${nginxResults} in an nginx file), ` +
    `${ruleIds.size} distinct rules, ${failures.length} failures`);
for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
process.exit(failures.length || args.policies.length === 0 ? 1 : 0);
