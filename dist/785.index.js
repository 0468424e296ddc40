export const id = 785;
export const ids = [785];
export const modules = {

/***/ 7785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readManifestInputs: () => (/* binding */ readManifestInputs)
});

// EXTERNAL MODULE: ./src/inputs/agent.ts + 1 modules
var agent = __webpack_require__(5935);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/index.ts
var inputs = __webpack_require__(9901);
;// CONCATENATED MODULE: ./src/manifest/validate.ts
// Validates a parsed manifest into one frozen request per agent, before any network call. Pure.
// Every problem is collected and reported at once, each with its entry and line; one agent's
// rules are the single-agent inputs' own (agent-inputs.ts).



/** GitHub runs at most 256 jobs from one matrix, so any valid manifest can also fan out (plan-only). */
const MAX_ENTRIES = 256;
const MAX_NAME_LENGTH = 100;
/** Variables the runner sets for itself: they hold its own tokens, never a provider key. */
const RUNNER_VARIABLES = /^(GITHUB|RUNNER|ACTIONS)_/i;
function entryLabel(entry, name) {
    return name === undefined ? `entry ${entry.index}` : `entry ${entry.index} "${name}"`;
}
/** A key's value as text: strings as they are, whole numbers written out, null as not given. */
function validate_text(value) {
    if (typeof value === 'string')
        return value.trim();
    if (typeof value === 'number' && Number.isSafeInteger(value))
        return String(value);
    if (value === null)
        return '';
    return undefined;
}
/** What the parser made of a value that is not text, for an error message. */
function kind(value) {
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'number')
        return `the number ${value}`;
    if (typeof value === 'boolean')
        return `boolean ${String(value)}`;
    return 'a mapping';
}
/** `agentId` or `agent_id` → `agent-id`: the spelling a near-miss key most likely meant. */
function kebab(key) {
    return key
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .replace(/[_\s]+/g, '-')
        .toLowerCase();
}
function nameProblem(name) {
    if (name.length > MAX_NAME_LENGTH)
        return `is longer than ${MAX_NAME_LENGTH} characters`;
    if (/\p{Cc}/u.test(name))
        return 'contains control characters';
    return undefined;
}
/** Problems with the keys themselves: not allowed, or a value that is not text. */
function keyProblems(entry, keys) {
    return [...entry.values].flatMap(([key, value]) => {
        if (key === 'api-key')
            return [
                {
                    key,
                    message: '"api-key" does not belong in a manifest: keys are secrets.',
                    hint: "Remove it; set the provider's key variable (<PROVIDER>_API_KEY, see the README) in the step's env:, or name another one with api-key-env.",
                },
            ];
        if (!keys.includes(key)) {
            const meant = kebab(key);
            const hint = keys.includes(meant) ? `Did you mean "${meant}"?` : `Use only: ${keys.join(', ')}.`;
            return [{ key, message: `has an unknown key "${(0,errors/* truncate */.xv)(key, 40)}".`, hint }];
        }
        if (validate_text(value) === undefined)
            return [
                {
                    key,
                    message: `"${key}" must be text, not ${kind(value)}.`,
                    hint: `Give ${key} one value; quote it if in doubt.`,
                },
            ];
        return [];
    });
}
function keyEnvProblem(keyEnv) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv))
        return `"api-key-env" is not a variable name (got "${(0,errors/* truncate */.xv)(keyEnv, 80)}").`;
    if (RUNNER_VARIABLES.test(keyEnv))
        return `"api-key-env" names ${keyEnv}, which the runner sets for itself.`;
    return undefined;
}
function readEntry(entry, context) {
    const values = new Map();
    for (const [key, value] of entry.values) {
        const written = validate_text(value);
        if (context.keys.includes(key) && written !== undefined && written !== '')
            values.set(key, written);
    }
    const name = values.get('name');
    const label = entryLabel(entry, name !== undefined && nameProblem(name) === undefined ? name : undefined);
    const at = (key) => `${label} (line ${(key === undefined ? undefined : entry.lines.get(key)) ?? entry.line})`;
    const problems = keyProblems(entry, context.keys).map(({ key, message, hint }) => ({
        where: at(key),
        message,
        hint,
    }));
    const badName = name === undefined ? undefined : nameProblem(name);
    if (badName !== undefined)
        problems.push({ where: at('name'), message: `"name" ${badName}.`, hint: 'Use a short label.' });
    const keyEnv = values.get('api-key-env');
    const badKeyEnv = keyEnv === undefined ? undefined : keyEnvProblem(keyEnv);
    if (badKeyEnv !== undefined)
        problems.push({
            where: at('api-key-env'),
            message: badKeyEnv,
            hint: 'Name the environment variable that holds the key, such as MY_PROVIDER_KEY_EU.',
        });
    const check = (0,agent/* readAgent */.si)((key) => values.get(key) ?? '', context.trigger, context.registry);
    context.warnings.push(...check.warnings.map((warning) => `${at()}: ${warning.replace(/^Input /, '')}`));
    if (check.agent === undefined)
        problems.push(...check.errors.map((error) => ({
            where: at(error.input),
            message: `"${error.input}" ${error.problem}.`,
            hint: error.hint,
        })));
    context.problems.push(...problems);
    // Returned despite other problems of the entry, so that a repeated agent is reported too.
    return check.agent === undefined ? undefined : { entry, agent: check.agent, values, at };
}
/** One line for two entries that name the same agent (or share a name): the later one is reported. */
function duplicateProblems(checked) {
    const problems = [];
    const agents = new Map();
    const names = new Map();
    for (const entry of checked) {
        const { adapter, target } = entry.agent;
        const agentKey = `${adapter.name} ${target.agentId}`;
        const sameAgent = agents.get(agentKey);
        if (sameAgent === undefined)
            agents.set(agentKey, entry);
        else
            problems.push({
                where: entry.at('agent-id'),
                message: `repeats ${adapter.displayName} agent ${target.agentId} of ${sameAgent.at('agent-id')}.`,
                hint: 'List each agent once: two writes to one agent in one step would race.',
            });
        const name = entry.values.get('name');
        const sameName = name === undefined ? undefined : names.get(name);
        if (name !== undefined && sameName === undefined)
            names.set(name, entry);
        else if (sameName !== undefined)
            problems.push({
                where: entry.at('name'),
                message: `has the name of ${sameName.at('name')}.`,
                hint: 'Give each entry its own name: it labels the entry in the log, the summary and the matrix.',
            });
    }
    return problems;
}
/**
 * Each entry's key: from its api-key-env, else from api-key when every entry has the same provider,
 * else from the provider's variable. A missing key is reported once for all the entries it concerns.
 */
function readKeys(checked, source, problems) {
    const apiKeyInput = source.input('api-key');
    const adapters = [...new Set(checked.map((entry) => entry.agent.adapter))];
    if (apiKeyInput !== '' && adapters.length > 1)
        problems.push({
            message: `Input "api-key" can be used only when every entry has the same provider; this manifest has ${adapters.map((adapter) => adapter.displayName).join(', ')}.`,
            hint: `Remove api-key and set ${adapters.map((adapter) => adapter.apiKeyEnv).join(', ')} in the step's env: from secrets, or give entries api-key-env.`,
        });
    const missing = new Map();
    const keyed = checked.flatMap((entry) => {
        const { adapter } = entry.agent;
        const keyEnv = entry.values.get('api-key-env');
        const fromInput = keyEnv === undefined && adapters.length === 1 && apiKeyInput !== '';
        const variable = keyEnv ?? adapter.apiKeyEnv;
        const apiKey = fromInput ? apiKeyInput : (source.env(variable) ?? '').trim();
        const bad = (0,agent/* keyProblem */.dD)(apiKey);
        const issue = apiKey === ''
            ? {
                message: `${variable} is not set, so there is no ${adapter.displayName} key.`,
                hint: `Set ${variable}: \${{ secrets.${variable} }} in the step's env: (${adapter.keyHelp}).`,
            }
            : bad === undefined
                ? undefined
                : {
                    message: `${fromInput ? 'Input "api-key"' : variable} ${bad}.`,
                    hint: 'Copy the key again without extra characters.',
                };
        if (issue === undefined)
            return [{ ...entry, apiKey, apiKeyEnv: variable }];
        const seen = missing.get(issue.message) ?? { hint: issue.hint, entries: [] };
        seen.entries.push(entry.entry.index);
        missing.set(issue.message, seen);
        return [];
    });
    for (const [message, { hint, entries }] of missing)
        problems.push({
            where: `${entries.length === 1 ? 'entry' : 'entries'} ${entries.join(', ')}`,
            message,
            hint,
        });
    return keyed;
}
function inputProblem(error) {
    if (error instanceof errors/* InputError */.dz)
        return { message: error.message, hint: error.hint };
    throw error;
}
/** The agents of a manifest, every one checked, with the step-wide settings; throws a ManifestError listing every problem. */
function readManifest(parsed, source, trigger, registry) {
    const problems = [];
    for (const name of (0,agent/* agentInputNames */.Eo)(registry)) {
        if (source.input(name) !== '')
            problems.push({
                message: `Input "${name}" cannot be used together with manifest.`,
                hint: `Set ${name} on each manifest entry, or remove manifest to publish one agent.`,
            });
    }
    let settings;
    let run;
    try {
        run = (0,inputs/* readRunSettings */.xX)(source);
        settings = Object.freeze((0,inputs/* readSettings */.sb)(source, run));
    }
    catch (error) {
        problems.push(inputProblem(error));
    }
    problems.push(...parsed.problems);
    const { entries } = parsed;
    if (parsed.problems.length === 0 && entries.length === 0)
        problems.push({
            message: 'lists no agents.',
            hint: 'Add one list item per agent, each with provider and agent-id.',
        });
    const context = {
        registry,
        trigger,
        keys: [...(0,agent/* agentInputNames */.Eo)(registry), 'name', 'api-key-env'],
        problems,
        warnings: [],
    };
    let checked = [];
    if (entries.length > MAX_ENTRIES)
        problems.push({
            message: `lists ${entries.length} agents; at most ${MAX_ENTRIES} are allowed.`,
            hint: 'Split the manifest over several steps or jobs.',
        });
    else
        checked = entries.flatMap((entry) => readEntry(entry, context) ?? []);
    problems.push(...duplicateProblems(checked));
    const keyed = readKeys(checked, source, problems);
    if (problems.length > 0 || settings === undefined || run === undefined)
        throw new errors/* ManifestError */.Sh(problems);
    const requests = keyed.map((entry) => {
        const name = entry.values.get('name');
        return Object.freeze({
            ...entry.agent,
            apiKey: entry.apiKey,
            apiKeyEnv: entry.apiKeyEnv,
            settings,
            ...(name === undefined ? {} : { name }),
            inputs: Object.freeze({
                ...(0,inputs/* givenValues */.yA)((key) => entry.values.get(key) ?? '', registry),
                provider: entry.agent.adapter.name,
            }),
        });
    });
    return Object.freeze({
        requests: Object.freeze(requests),
        warnings: Object.freeze(context.warnings),
        run,
        manifest: true,
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/manifest/parse.ts
// Turns manifest text into entries that remember their line numbers, so every mistake can be
// pointed at. JSON is YAML too, so one parser reads both. Loaded only with a manifest
// (see manifest-inputs.ts).

const SHAPE_HINT = 'Write the manifest as a list with one mapping per agent: "- provider: <name>" then "  agent-id: …" on the next line.';
function parseManifest(text) {
    const lineCounter = new dist/* LineCounter */.HN();
    const document = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false });
    const lineAt = (offset) => lineCounter.linePos(offset ?? 0).line;
    if (document.errors.length > 0) {
        return {
            entries: [],
            problems: document.errors.map((error) => ({
                where: `line ${lineAt(error.pos[0])}`,
                message: `is not valid YAML: ${error.message.replace(/\s+/g, ' ').replace(/\.?$/, '.')}`,
                hint: 'Correct the syntax; a YAML linter or editor shows the exact spot.',
            })),
        };
    }
    try {
        // Expands every alias once under the parser's limit, so that an alias bomb is refused here.
        document.toJS({ maxAliasCount: 100, mapAsMap: true });
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
            entries: [],
            problems: [{ message: `cannot be read: ${message}`, hint: 'Use fewer aliases (*name).' }],
        };
    }
    const root = document.contents;
    if (root === null)
        return { entries: [], problems: [] };
    if (!(0,dist/* isSeq */.oP)(root)) {
        return {
            entries: [],
            problems: [
                { where: `line ${lineAt(root.range[0])}`, message: 'is not a list of agents.', hint: SHAPE_HINT },
            ],
        };
    }
    const entries = [];
    const problems = [];
    root.items.forEach((item, position) => {
        const index = position + 1;
        const line = lineAt((0,dist/* isNode */.Ll)(item) ? item.range[0] : undefined);
        if (!(0,dist/* isMap */.jh)(item)) {
            problems.push({
                where: `entry ${index} (line ${line})`,
                message: 'is not a mapping of keys to values.',
                hint: SHAPE_HINT,
            });
            return;
        }
        const values = new Map();
        const lines = new Map();
        for (const pair of item.items) {
            const keyLine = lineAt((0,dist/* isNode */.Ll)(pair.key) ? pair.key.range[0] : undefined);
            if (!(0,dist/* isScalar */.jn)(pair.key) || typeof pair.key.value !== 'string') {
                problems.push({
                    where: `entry ${index} (line ${keyLine})`,
                    message: 'has a key that is not a plain name.',
                    hint: 'Write each key as a plain word such as agent-id.',
                });
                continue;
            }
            const value = pair.value;
            values.set(pair.key.value, (0,dist/* isNode */.Ll)(value) ? value.toJS(document) : value);
            lines.set(pair.key.value, keyLine);
        }
        entries.push({ index, line, values, lines });
    });
    return { entries, problems };
}

;// CONCATENATED MODULE: ./src/manifest/load.ts
// Where the manifest's text comes from: a file in the workspace, or the `manifest` input itself.




const MAX_MANIFEST_BYTES = 1024 * 1024;
/** One line ending in .yml, .yaml or .json is a file path; anything else is the manifest itself. */
function isManifestPath(raw) {
    return !raw.includes('\n') && /\.(ya?ml|json)$/i.test(raw);
}
function outside(root, file) {
    const relative = external_node_path_default().relative(root, file);
    return relative === '..' || relative.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(relative);
}
/**
 * Reads a manifest file inside the workspace (the repository checkout). A path, or a symbolic link,
 * that leads out of it is refused: the manifest decides where keys are sent.
 */
async function readManifestFile(raw, workspace) {
    const fix = `Set manifest to a file path relative to the repository root (${workspace}), such as agents.yml, after a checkout step; or write the YAML itself in the input.`;
    const root = await (0,promises_.realpath)(workspace).catch(() => external_node_path_default().resolve(workspace));
    const resolved = external_node_path_default().resolve(root, raw);
    if (outside(root, resolved))
        throw new errors/* InputError */.dz('manifest', 'is a path outside the workspace', fix, raw);
    let real;
    try {
        real = await (0,promises_.realpath)(resolved);
    }
    catch {
        throw new errors/* InputError */.dz('manifest', 'names a file that does not exist', fix, raw);
    }
    if (outside(root, real))
        throw new errors/* InputError */.dz('manifest', 'is a link to a file outside the workspace', fix, raw);
    const stats = await (0,promises_.stat)(real);
    if (!stats.isFile())
        throw new errors/* InputError */.dz('manifest', 'is not a file', fix, raw);
    if (stats.size > MAX_MANIFEST_BYTES)
        throw new errors/* InputError */.dz('manifest', `is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`, fix, raw);
    return (0,promises_.readFile)(real, 'utf8');
}
/** The `manifest` input, read and parsed; `workspace` is where relative paths start. */
async function loadManifest(raw, workspace) {
    return parseManifest(isManifestPath(raw) ? await readManifestFile(raw, workspace) : raw);
}

;// CONCATENATED MODULE: ./src/manifest/index.ts


async function readManifestInputs(raw, source, trigger, registry) {
    const workspace = source.env('GITHUB_WORKSPACE') || process.cwd();
    return readManifest(await loadManifest(raw, workspace), source, trigger, registry);
}


/***/ })

};

//# sourceMappingURL=785.index.js.map