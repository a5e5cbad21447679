// The console's pages. Every piece of data comes from the admin API with the token the user pasted (kept in
// sessionStorage: this tab only); this file and the page hold none. Text from the API is put in with textContent,
// never as HTML.
'use strict';

const TOKEN_KEY = 'candidateRouterConsoleToken';
const PALETTE = ['#3b6fd4', '#d4753b', '#2f9e62', '#a33bd4', '#d43b6f', '#8a8f2f', '#3bb5d4', '#6b4f2f', '#7d7d7d', '#d4b43b'];

// --- small DOM helpers ---------------------------------------------------------------------------------------------

function $(id) { return document.getElementById(id); }

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.entries(props || {}).forEach(([key, value]) => {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  });
  children.flat().forEach(child => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

function show(id, ...children) { $(id).replaceChildren(...children); }

function cellText(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A table of objects: the given columns, or every key of the first row. extra(row) adds a last cell. */
function table(rows, columns, extra) {
  if (!rows || rows.length === 0) return el('p', {class: 'masked-note'}, 'None.');
  const cols = columns || Object.keys(rows[0]);
  const head = el('tr', {}, cols.map(c => el('th', {}, c)), extra ? el('th', {}) : []);
  const body = rows.map(row => el('tr', {}, cols.map(c => el('td', {class: typeof row[c] === 'number' ? 'number' : ''}, cellText(row[c]))),
    extra ? el('td', {}, extra(row)) : []));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, body));
}

function fail(id, error) { $(id).textContent = error.message || String(error); }

// --- the admin API -------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const headers = Object.assign({Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY)}, options.headers || {});
  const answer = await fetch(path, Object.assign({}, options, {headers, cache: 'no-store'}));
  const text = await answer.text();
  let body;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = {error: text}; }
  if (answer.status === 401 || answer.status === 403) {
    signOut((body && body.error) || 'The token was refused.');
    throw new ApiError(answer.status, (body && body.error) || 'refused');
  }
  if (!answer.ok) throw new ApiError(answer.status, (body && body.error) || ('HTTP ' + answer.status));
  return body;
}

// --- sign-in and pages ---------------------------------------------------------------------------------------------

const PAGES = {
  overview: loadOverview,
  candidate: openCandidateFromHash,
  'dead-letters': loadDeadLetters,
  rules: loadRules,
  backtest: () => {},
  shadow: loadShadow,
};

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  $('nav').hidden = true;
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-signin'; });
  $('signin-error').textContent = message || '';
}

async function signIn(event) {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  try {
    await api('/admin/rules');
    $('token').value = '';
    $('signin-error').textContent = '';
    if (!location.hash || location.hash === '#signin') location.hash = '#overview';
    route();
  } catch (e) {
    if (!(e instanceof ApiError && (e.status === 401 || e.status === 403))) signOut(e.message);
  }
}

function route() {
  if (!sessionStorage.getItem(TOKEN_KEY)) { signOut(''); return; }
  const [name] = (location.hash.replace('#', '') || 'overview').split('/');
  const page = PAGES[name] ? name : 'overview';
  $('nav').hidden = false;
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-' + page; });
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));
  PAGES[page]();
}

// --- overview ------------------------------------------------------------------------------------------------------

function daysBetween(from, to) {
  const days = [];
  for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** A uPlot chart of one series per name over the days; the container says how many points carry data. */
function drawChart(containerId, days, seriesByName) {
  const container = $(containerId);
  container.replaceChildren();
  const names = Object.keys(seriesByName);
  if (names.length === 0) { container.append(el('p', {class: 'masked-note'}, 'No decisions in this period.')); return; }
  const xs = days.map(d => Date.parse(d + 'T00:00:00Z') / 1000);
  const data = [xs, ...names.map(n => days.map(d => seriesByName[n][d] || 0))];
  const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({size: [0.6, 40]}) : undefined;
  const options = {
    width: Math.max(container.clientWidth - 20, 400), height: 260,
    scales: {x: {time: true}, y: {range: (u, min, max) => [0, Math.max(max, 1)]}},
    series: [{}, ...names.map((n, i) => ({label: n, stroke: PALETTE[i % PALETTE.length], width: 2,
      fill: PALETTE[i % PALETTE.length] + '33', points: {show: true}, paths: names.length === 1 ? bars : undefined}))],
    axes: [{}, {label: 'count'}],
  };
  new uPlot(options, data, container);
  const points = data.slice(1).flat().filter(v => v > 0).length;
  container.setAttribute('data-points', String(points));
}

function card(label, value) {
  return el('div', {class: 'card'}, el('div', {class: 'value'}, value), el('div', {class: 'label'}, label));
}

async function loadOverview() {
  $('overview-error').textContent = '';
  try {
    const o = await api('/admin/overview?days=' + encodeURIComponent($('overview-days').value || '14'));
    const days = daysBetween(o.from, o.to);
    const byAssessment = {};
    o.decisions.forEach(d => { (byAssessment[d.name] = byAssessment[d.name] || {})[d.day] = d.count; });
    drawChart('decisions-chart', days, byAssessment);
    const invited = {invited: {}, 'not invited': {}};
    o.invited.forEach(d => { invited.invited[d.day] = d.invited; invited['not invited'][d.day] = d.notInvited; });
    drawChart('invited-chart', days, o.invited.length ? invited : {});

    const total = o.decisions.reduce((s, d) => s + d.count, 0);
    const invitedTotal = o.invited.reduce((s, d) => s + d.invited, 0);
    const r = o.results;
    const cards = [card('decisions in ' + o.days + ' days', total), card('invited', invitedTotal),
      card('not invited', total - invitedTotal),
      card('sends needing a person', o.sends.filter(s => ['dead', 'failed_permanent', 'review'].includes(s.status))
        .reduce((s, x) => s + x.count, 0))];
    if (r.received > 0) {
      cards.push(card('results received', r.received), card('completed', r.completed),
        card('average %', r.averagePercentage === null ? '–' : r.averagePercentage),
        card('passed (result rules)', r.completed ? Math.round(100 * r.passed / r.completed) + '%' : '–'));
    }
    show('overview-cards', ...cards);
    show('sends-table', table(o.sends, ['channel', 'status', 'count']));
    const ruleTotals = {};
    o.rules.forEach(x => { ruleTotals[x.name] = (ruleTotals[x.name] || 0) + x.count; });
    const ranked = Object.entries(ruleTotals).sort((a, b) => b[1] - a[1]);
    show('rules-table', table(ranked.map(([rule, fired]) => ({rule, fired}))));
    // Over time, the rules that fired most (a chart of every rule would be unreadable); the table has them all.
    const top = new Set(ranked.slice(0, 6).map(([rule]) => rule));
    const byRule = {};
    o.rules.filter(x => top.has(x.name)).forEach(x => { (byRule[x.name] = byRule[x.name] || {})[x.day] = x.count; });
    drawChart('rules-chart', days, byRule);
  } catch (e) { fail('overview-error', e); }
}

// --- candidate -----------------------------------------------------------------------------------------------------

const TIME_FIELDS = ['at', 'time', 'decided_at', 'received_at', 'completed_at', 'sent_at', 'created_at', 'updated_at'];

/** Every list in the answer whose entries carry a time, as one timeline (the answer's own "timeline" if it has one). */
function timelineOf(answer) {
  if (Array.isArray(answer.timeline)) return answer.timeline;
  const entries = [];
  Object.entries(answer).forEach(([kind, list]) => {
    if (!Array.isArray(list) || kind === 'candidate') return;
    list.forEach(item => {
      const field = TIME_FIELDS.find(f => item && item[f]);
      if (field) entries.push(Object.assign({}, item, {what: kind.replace(/s$/, ''), at: item[field]}));
    });
  });
  return entries.sort((a, b) => String(a.at).localeCompare(String(b.at)));
}

/** What an entry is: "send (invitation)", "decision", or the type a timeline of the API names. */
function what(entry) {
  const name = entry.what || entry.type || entry.kind || '';
  const sort = entry.what && (entry.kind || entry.type);
  return sort ? name + ' (' + sort + ')' : name;
}

function summary(entry) {
  const skip = new Set(['what', 'kind', 'type', 'at', 'integration_id', 'profile_json']);
  return Object.entries(entry).filter(([k, v]) => !skip.has(k) && v !== null && v !== '' && !TIME_FIELDS.includes(k))
    // Fired rules are stored one per line: shown as a list, so one rule's end is not read as the next one's start.
    .map(([k, v]) => k + ': ' + (typeof v === 'string' ? v.split('\n').join('; ') : cellText(v))).join(' · ');
}

async function openCandidate(id) {
  $('candidate-error').textContent = '';
  const reveal = $('candidate-reveal').checked;
  try {
    const answer = await api('/admin/candidates/' + encodeURIComponent(id) + (reveal ? '?reveal=true' : ''));
    const states = answer.candidate || [];
    const entries = timelineOf(answer);
    show('candidate-view',
      el('p', {class: 'masked-note', id: 'candidate-masking'}, answer.contactDataMasked === false
        ? 'Personal data revealed.' : 'Personal data masked: tick "Reveal personal data" to see it.'),
      el('h3', {}, 'State'),
      table(states.map(s => ({integration: s.integration_id, candidate: s.candidate_id, state: s.state,
        updated: s.updated_at})), null),
      el('h3', {}, 'Timeline'),
      entries.length === 0 ? el('p', {class: 'masked-note'}, 'Nothing happened yet.') :
        el('ol', {class: 'timeline', id: 'candidate-timeline'}, entries.map(e => el('li', {},
          el('span', {class: 'when'}, cellText(e.at)), el('span', {class: 'kind'}, what(e)), summary(e)))),
      el('h3', {}, 'Profile'),
      ...states.map(s => el('pre', {class: 'profile'}, JSON.stringify(s.profile, null, 2))));
  } catch (e) {
    show('candidate-view');
    fail('candidate-error', e.status === 404 ? new Error('No candidate ' + id + '.') : e);
  }
}

function openCandidateFromHash() {
  const id = decodeURIComponent(location.hash.split('/')[1] || '');
  if (id) { $('candidate-id').value = id; openCandidate(id); }
}

// --- dead letters --------------------------------------------------------------------------------------------------

async function replay(query) {
  $('replay-result').textContent = '';
  $('dead-letters-error').textContent = '';
  try {
    const result = await api('/admin/dispatches/replay' + query, {method: 'POST'});
    $('replay-result').textContent = 'Replayed ' + result.replayed + (result.ids && result.ids.length ? ' (send ' + result.ids.join(', ') + ')' : '') + '.';
    await loadDeadLetters(true);
  } catch (e) { fail('dead-letters-error', e); }
}

async function loadDeadLetters(keepResult) {
  if (keepResult !== true) $('replay-result').textContent = '';
  $('dead-letters-error').textContent = '';
  try {
    const d = await api('/admin/dead-letters');
    show('dead-sends', table(d.sends, ['id', 'candidate_id', 'assessment_id', 'channel', 'status', 'attempts', 'last_error', 'updated_at'],
      row => el('button', {type: 'button', class: 'replay', 'data-id': String(row.id), onclick: () => replay('?id=' + encodeURIComponent(row.id))}, 'Replay')));
    show('dead-events', table(d.events));
  } catch (e) { fail('dead-letters-error', e); }
}

// --- rule versions -------------------------------------------------------------------------------------------------

async function loadRules() {
  $('rules-error').textContent = '';
  try {
    const r = await api('/admin/rules');
    show('rules-status', table(r.ruleSets.map(s => ({rulesDir: s.rulesDir, version: s.version, rules: s.ruleCount,
      loadedAt: s.loadedAt, rejectedChange: s.lastError || ''}))));
    await loadVersions();
  } catch (e) { fail('rules-error', e); }
}

async function loadVersions() {
  const ruleset = $('ruleset').value.trim();
  try {
    const versions = await api('/admin/rules/' + encodeURIComponent(ruleset) + '/versions');
    show('versions', table(versions, ['version', 'ruleCount', 'firstLiveAt', 'lastActivatedAt', 'firstInstance', 'files']));
    const options = () => versions.map(v => el('option', {value: v.version}, v.version + ' (' + v.firstLiveAt + ')'));
    $('diff-from').replaceChildren(...options());
    $('diff-to').replaceChildren(...options());
    if (versions.length > 1) $('diff-from').selectedIndex = 1;
    $('diff-form').hidden = versions.length < 2;
    show('diff');
  } catch (e) { fail('rules-error', e); }
}

async function loadDiff() {
  const ruleset = encodeURIComponent($('ruleset').value.trim());
  try {
    const d = await api('/admin/rules/' + ruleset + '/diff?from=' + encodeURIComponent($('diff-from').value)
      + '&to=' + encodeURIComponent($('diff-to').value));
    const parts = [];
    if (d.added && d.added.length) parts.push(el('p', {}, 'Files added: ' + d.added.join(', ')));
    if (d.removed && d.removed.length) parts.push(el('p', {}, 'Files removed: ' + d.removed.join(', ')));
    Object.entries(d.changed || {}).forEach(([file, diff]) => parts.push(el('h3', {}, file),
      el('pre', {class: 'diff'}, diff.split('\n').map(line => el('span', {
        class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : ''}, line + '\n')))));
    if (parts.length === 0) parts.push(el('p', {}, 'No differences.'));
    show('diff', ...parts);
  } catch (e) { fail('rules-error', e); }
}

// --- backtest ------------------------------------------------------------------------------------------------------

async function filesToSend() {
  const chosen = Array.from($('backtest-folder').files || []).filter(f => /\.(drl|csv)$/i.test(f.name));
  if (chosen.length > 0) {
    const files = {};
    for (const f of chosen) files[f.name] = await f.text();
    return files;
  }
  const text = $('backtest-drl').value;
  if (!text.trim()) throw new Error('Choose a rules folder or paste a changed rule file.');
  return {[$('backtest-file-name').value.trim() || 'assessment-routing.drl']: text};
}

function signed(n) { return n > 0 ? '+' + n : String(n); }

function changeTable(rows, key) {
  return table(rows.map(r => ({[key]: r[key], before: r.before, after: r.after, change: signed(r.change)})));
}

/** Who moves from which assessment (rows) to which (columns); the diagonal (unchanged) is left out by the report. */
function matrix(transitions) {
  if (transitions.length === 0) return el('p', {class: 'masked-note', id: 'backtest-matrix'}, 'Nobody changes assessment.');
  const froms = [...new Set(transitions.map(t => t.from))].sort();
  const tos = [...new Set(transitions.map(t => t.to))].sort();
  const count = (f, t) => (transitions.find(x => x.from === f && x.to === t) || {}).candidates || '';
  return el('table', {id: 'backtest-matrix'},
    el('thead', {}, el('tr', {}, el('th', {}, 'from \\ to'), tos.map(t => el('th', {}, t)))),
    el('tbody', {}, froms.map(f => el('tr', {}, el('th', {}, f), tos.map(t => el('td', {class: 'number'}, count(f, t)))))));
}

async function runBacktest(event) {
  event.preventDefault();
  $('backtest-error').textContent = '';
  show('backtest-result', el('p', {}, 'Running…'));
  try {
    const request = {files: await filesToSend(), ruleset: $('backtest-ruleset').value};
    if ($('backtest-since').value.trim()) request.since = $('backtest-since').value.trim();
    const r = await api('/rules/backtest', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(request)});
    if (r.ruleset === 'result-actions') return showResultBacktest(r);
    show('backtest-result',
      el('div', {class: 'cards'}, card('candidates', r.candidates), card('decisions that change', r.changedDecisions),
        card('newly invited', r.invited.newlyInvited), card('no longer invited', r.invited.noLongerInvited)),
      el('p', {class: 'masked-note'}, 'Live rules ' + r.liveVersion + ', changed rules ' + r.changedVersion + '.'),
      el('h3', {}, 'Candidates per assessment, before → after'), changeTable(r.assessments, 'assessment'),
      el('h3', {}, 'Who moves where'), matrix(r.transitions),
      el('h3', {}, 'Channels'), changeTable(r.channels, 'channel'),
      el('h3', {}, 'Rules fired'), changeTable(r.rules.filter(x => x.change !== 0), 'rule'),
      el('h3', {}, 'Some of the candidates whose decision changes'),
      table(r.moved.map(m => ({candidate: m.candidateId, name: m.name, from: m.from, to: m.to,
        channelsBefore: m.channelsBefore.join(','), channelsAfter: m.channelsAfter.join(',')}))));
  } catch (e) { show('backtest-result'); fail('backtest-error', e); }
}

/** The result rules' report: verdicts and writes to the ATS before → after, and some of the results that change. */
function showResultBacktest(r) {
  show('backtest-result',
    el('div', {class: 'cards'}, card('results', r.results), card('results whose writes change', r.changedResults)),
    el('p', {class: 'masked-note'}, 'Live result rules ' + r.liveVersion + ', changed result rules ' + r.changedVersion + '.'),
    el('h3', {}, 'Verdicts, before → after'), changeTable(r.verdicts, 'name'),
    el('h3', {}, 'Writes to the ATS, before → after'), el('div', {id: 'backtest-writes'}, changeTable(r.actions, 'name')),
    el('h3', {}, 'Rules fired'), changeTable(r.rules, 'rule'),
    el('h3', {}, 'Some of the results whose writes change'),
    table(r.changed.map(c => ({result: c.resultId, candidate: c.candidateId, assessment: c.assessmentId,
      before: c.verdictBefore + ': ' + c.actionsBefore.join('; '), after: c.verdictAfter + ': ' + c.actionsAfter.join('; ')}))));
}

// --- shadow --------------------------------------------------------------------------------------------------------

async function loadShadow() {
  $('shadow-error').textContent = '';
  try {
    const s = await api('/admin/rules/shadow');
    show('shadow-view',
      el('div', {class: 'cards'}, card('compared', s.compared), card('agreed', s.agreed),
        card('agreement', Math.round(1000 * s.agreementRate) / 10 + '%'), card('shadow decisions', s.shadowDecisions)),
      el('h3', {}, 'Decisions per assessment'),
      table(Object.entries(s.assessments).map(([assessment, c]) => ({assessment, live: c.live, shadow: c.shadow}))),
      el('h3', {}, 'Latest disagreements'),
      table(s.disagreements.map(d => ({candidate: d.candidateId, live: d.live.invited ? d.live.assessmentId : 'not invited',
        shadow: d.shadow.invited ? d.shadow.assessmentId : 'not invited', liveChannels: d.live.channels,
        shadowChannels: d.shadow.channels, decidedAt: d.decidedAt}))));
  } catch (e) { fail('shadow-error', e); }
}

// --- wiring --------------------------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => { location.hash = ''; signOut('Signed out.'); });
  $('overview-form').addEventListener('submit', e => { e.preventDefault(); loadOverview(); });
  $('candidate-form').addEventListener('submit', e => {
    e.preventDefault();
    const id = $('candidate-id').value.trim();
    if ('#candidate/' + encodeURIComponent(id) === location.hash) openCandidate(id);
    else location.hash = '#candidate/' + encodeURIComponent(id);
  });
  $('candidate-reveal').addEventListener('change', () => { if ($('candidate-id').value.trim()) openCandidate($('candidate-id').value.trim()); });
  $('replay-all').addEventListener('click', () => replay(''));
  $('versions-form').addEventListener('submit', e => { e.preventDefault(); loadVersions(); });
  $('diff-form').addEventListener('submit', e => { e.preventDefault(); loadDiff(); });
  $('backtest-form').addEventListener('submit', runBacktest);
  // The pasted file's name follows the rule set (any .drl name works; this one matches the shipped folder).
  $('backtest-ruleset').addEventListener('change', () => {
    $('backtest-file-name').value = $('backtest-ruleset').value + '.drl';
  });
  window.addEventListener('hashchange', route);
  route();
});
