#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// The browser half of live/chromium_serve: real headless Chromium opens the test page that
// `cors-studio serve` puts on its second port and runs every scenario the page lists, "as
// written" (each from its own origin, to its own URL), one fresh browser context per scenario.
//
//   node run_page.mjs --page-port P --policy-port Q --out results.jsonl [--chromium /usr/bin/chromium]
//
// --host-resolver-rules maps http://app.test (any port) onto the page server and every other
// *.test host onto the policy server, so the page's origin is http://app.test and the scenarios'
// URLs (http://api.test/...) reach `serve`. Output: one line per scenario,
// {"id", "name", "verdict", "status", "response_type", "readable_headers", "error",
//  "page_agrees", "page_disagreements"}.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
    const args = { chromium: process.env.CORS_CHROMIUM || '/usr/bin/chromium', timeoutMs: 20000 };
    for (let i = 2; i < argv.length; ++i) {
        const next = () => argv[++i];
        if (argv[i] === '--page-port') args.pagePort = Number(next());
        else if (argv[i] === '--policy-port') args.policyPort = Number(next());
        else if (argv[i] === '--out') args.out = next();
        else if (argv[i] === '--chromium') args.chromium = next();
        else throw new Error(`unknown argument ${argv[i]}`);
    }
    if (!args.pagePort || !args.policyPort || !args.out) throw new Error('--page-port, --policy-port and --out are required');
    return args;
}

async function main() {
    const args = parseArgs(process.argv);
    const { chromium } = await import(path.join(HERE, '..', '..', 'browser', 'node_modules', 'playwright-core', 'index.mjs'));
    const browser = await chromium.launch({
        executablePath: args.chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--no-first-run', '--disable-quic', '--disable-sync',
            `--host-resolver-rules=MAP app.test 127.0.0.1:${args.pagePort}, MAP *.test 127.0.0.1:${args.policyPort}`],
    });
    const out = fs.createWriteStream(args.out);
    let failures = 0;
    try {
        const context0 = await browser.newContext();
        const page0 = await context0.newPage();
        await page0.goto('http://app.test/?harness=1');
        const config = await page0.evaluate(() => window.corsStudio.loadConfig());
        await context0.close();
        for (const entry of config.scenarios) {
            const context = await browser.newContext();
            const page = await context.newPage();
            page.setDefaultTimeout(args.timeoutMs);
            let line;
            try {
                await page.goto('http://app.test/?harness=1');
                const result = await page.evaluate(
                    (e) => window.corsStudio.runScenario(e, { asWritten: true, run: 'live' }), entry);
                if (result.skipped) throw new Error(result.skipped);
                const r = result.result;
                line = {
                    id: entry.id, name: entry.name,
                    verdict: r.ok ? 'allowed' : 'blocked',
                    status: r.ok ? r.status : null,
                    response_type: r.ok ? r.type : null,
                    readable_headers: r.ok ? [...r.names].map((n) => n.toLowerCase()).sort() : [],
                    error: r.ok ? '' : r.error,
                    page_agrees: result.report.agrees,
                    page_disagreements: result.report.disagreements,
                };
            } catch (e) {
                failures++;
                line = { id: entry.id, name: entry.name, harness_error: String(e.message || e) };
            }
            out.write(JSON.stringify(line) + '\n');
            await context.close();
        }
    } finally {
        out.end();
        await browser.close();
    }
    process.exit(failures ? 3 : 0);
}

main().catch((e) => {
    process.stderr.write(`run_page.mjs: ${e.stack || e}\n`);
    process.exit(2);
});
