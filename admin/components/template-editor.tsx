import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'adminjs';
import {
  kstDay,
  problemText,
  templateApi,
  templateStatuses,
  type Answer,
  type Catalogue,
  type Channel,
  type CheckResult,
  type Grants,
  type Kind,
  type PreviewResult,
  type Problem,
  type RenderResult,
  type TemplateDetail,
  type TemplateStatus,
  type TemplateSummary,
} from './template-api-client.js';

/**
 * The 메시지 템플릿 page (AdminJS page `templates`): the list of templates
 * with a status filter (pending ones first for compliance), the editor of
 * one template per channel with the server's live check (problems next to
 * their field, SMS bytes with the advertising marking), the variables a
 * template may use, a preview for a real customer (masked per role by the
 * server) and the lifecycle buttons the server offers for this role and
 * state. Every decision is the server's; a refusal shows its text in the
 * console's language.
 */

type T = (key: string, options?: Record<string, unknown>) => string;

interface Form {
  name: string;
  channel: Channel;
  kind: Kind;
  usesRecommendations: boolean;
  subject: string;
  text: string;
  html: string;
  mjml: string;
  title: string;
  body: string;
  deepLink: string;
  imageUrl: string;
}

const emptyForm: Form = {
  name: '',
  channel: 'sms',
  kind: 'advertising',
  usesRecommendations: false,
  subject: '',
  text: '',
  html: '',
  mjml: '',
  title: '',
  body: '',
  deepLink: '',
  imageUrl: '',
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function formOf(d: TemplateDetail): Form {
  const def = d.definition ?? {};
  return {
    ...emptyForm,
    name: d.name,
    channel: d.channel,
    kind: d.kind,
    usesRecommendations: def.usesRecommendations === true,
    subject: str(def.subject),
    text: str(def.text),
    html: str(def.html),
    mjml: str(def.mjml),
    title: str(def.title),
    body: str(def.body),
    deepLink: str(def.deepLink),
    imageUrl: str(def.imageUrl),
  };
}

function definitionOf(f: Form): Record<string, unknown> {
  const common = { version: 1, channel: f.channel, kind: f.kind, usesRecommendations: f.usesRecommendations };
  switch (f.channel) {
    case 'sms':
      return { ...common, text: f.text, ...(f.subject.trim() ? { subject: f.subject } : {}) };
    case 'email':
      // With MJML the server compiles the HTML part from it on save (what the HTML field then shows).
      return { ...common, subject: f.subject, html: f.html.trim() || (f.mjml.trim() ? '-' : ''), text: f.text, ...(f.mjml.trim() ? { mjml: f.mjml } : {}) };
    case 'push':
      return {
        ...common,
        title: f.title,
        body: f.body,
        ...(f.deepLink.trim() ? { deepLink: f.deepLink.trim() } : {}),
        ...(f.imageUrl.trim() ? { imageUrl: f.imageUrl.trim() } : {}),
      };
  }
}

/** The Liquid and link fields of a channel, in the order the editor shows them. */
const fieldsOf: Record<Channel, Array<{ key: keyof Form; multiline: boolean; optional?: boolean }>> = {
  sms: [
    { key: 'subject', multiline: false, optional: true },
    { key: 'text', multiline: true },
  ],
  email: [
    { key: 'subject', multiline: false },
    { key: 'mjml', multiline: true, optional: true },
    { key: 'html', multiline: true },
    { key: 'text', multiline: true },
  ],
  push: [
    { key: 'title', multiline: false },
    { key: 'body', multiline: true },
    { key: 'deepLink', multiline: false, optional: true },
    { key: 'imageUrl', multiline: false, optional: true },
  ],
};

const liquidFields = new Set<keyof Form>(['subject', 'text', 'html', 'mjml', 'title', 'body']);
const knownPaths = new Set<string>(['subject', 'text', 'html', 'mjml', 'title', 'body', 'deepLink', 'imageUrl', 'kind', 'usesRecommendations', 'name', 'channel']);
const fieldOfProblem = (p: Problem): string => (p.path ?? '').split('.')[0] ?? '';

const box: React.CSSProperties = { border: '1px solid #d0d7de', borderRadius: 6, padding: 12, background: '#fff' };
const labelStyle: React.CSSProperties = { display: 'block', fontWeight: 600, fontSize: 13, marginBottom: 4 };
const inputStyle: React.CSSProperties = { width: '100%', boxSizing: 'border-box', padding: '6px 8px', border: '1px solid #8c959f', borderRadius: 4, fontSize: 14 };
const buttonStyle: React.CSSProperties = {
  padding: '6px 12px',
  borderRadius: 4,
  border: '1px solid #0969da',
  background: '#0969da',
  color: '#fff',
  cursor: 'pointer',
  fontSize: 14,
};
const secondaryButton: React.CSSProperties = { ...buttonStyle, background: '#fff', color: '#0969da' };
const dangerButton: React.CSSProperties = { ...buttonStyle, background: '#cf222e', borderColor: '#cf222e' };
const problemStyle: React.CSSProperties = { color: '#cf222e', fontSize: 13, margin: '4px 0 0', paddingLeft: 18 };

/** The problems of one field, tied to it with aria-describedby. */
const FieldProblems: React.FC<{ id: string; problems: Problem[]; language: string; t: T }> = ({ id, problems, language, t }) =>
  problems.length ? (
    <ul id={id} data-testid={id} style={problemStyle}>
      {problems.map((p, i) => (
        <li key={i}>
          {p.line !== undefined ? `${t('tpl_lineColumn', { line: p.line, column: p.column ?? 1 })} ` : ''}
          {problemText(p, language)}
        </li>
      ))}
    </ul>
  ) : null;

/** Problems the server answered for an action, as an alert. */
const Refusal: React.FC<{ problems: Problem[] | null; language: string; t: T; testId: string }> = ({ problems, language, t, testId }) =>
  problems ? (
    <div
      role="alert"
      data-testid={testId}
      style={{ color: '#cf222e', background: '#fff5f5', border: '1px solid #cf222e', borderRadius: 4, padding: 8, margin: '8px 0', fontSize: 14 }}
    >
      {problems.length ? problems.map((p, i) => <div key={i}>{problemText(p, language)}</div>) : t('tpl_requestFailed')}
    </div>
  ) : null;

/** A rendered message, per channel; e-mail HTML in a sandboxed frame that runs no script. */
const RenderedView: React.FC<{ rendered: RenderResult | null; language: string; t: T; testId: string }> = ({ rendered, language, t, testId }) => {
  if (!rendered) return null;
  if (rendered.status === 'suppressed') return <p data-testid={testId}>{t('tpl_suppressedNoRecommendation')}</p>;
  if (rendered.status === 'failed')
    return (
      <ul data-testid={testId} style={problemStyle}>
        {rendered.problems.map((p, i) => (
          <li key={i}>{problemText(p, language)}</li>
        ))}
      </ul>
    );
  const m = rendered.message;
  const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', background: '#f6f8fa', padding: 8, borderRadius: 4, margin: '4px 0', fontFamily: 'inherit', fontSize: 14 };
  if (m.channel === 'sms')
    return (
      <div data-testid={testId} data-channel="sms">
        {m.subject !== undefined && (
          <div>
            <strong>{t('tpl_field_subject')}</strong> {m.subject}
          </div>
        )}
        <pre style={pre} data-testid={`${testId}-text`}>
          {m.text}
        </pre>
        <div style={{ fontSize: 13 }}>{t('tpl_smsSummary', { type: m.sms.type, bytes: m.sms.bytes.toLocaleString('ko-KR'), encoding: m.sms.encoding })}</div>
      </div>
    );
  if (m.channel === 'email')
    return (
      <div data-testid={testId} data-channel="email">
        <div>
          <strong>{t('tpl_field_subject')}</strong> <span data-testid={`${testId}-subject`}>{m.subject}</span>
        </div>
        <iframe
          title={t('tpl_emailHtmlFrame')}
          sandbox=""
          srcDoc={m.html}
          data-testid={`${testId}-html`}
          style={{ width: '100%', height: 320, border: '1px solid #d0d7de', borderRadius: 4, background: '#fff', marginTop: 4 }}
        />
        <details>
          <summary>{t('tpl_emailTextPart')}</summary>
          <pre style={pre}>{m.text}</pre>
        </details>
      </div>
    );
  return (
    <div data-testid={testId} data-channel="push" style={{ ...pre, whiteSpace: 'normal' }}>
      <div style={{ fontWeight: 700 }}>{m.title}</div>
      <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
      {m.deepLink && (
        <div style={{ fontSize: 12 }}>
          {t('tpl_field_deepLink')}: {m.deepLink}
        </div>
      )}
      {m.imageUrl && (
        <div style={{ fontSize: 12 }}>
          {t('tpl_field_imageUrl')}: {m.imageUrl}
        </div>
      )}
    </div>
  );
};

/** The server's live check of the definition being written, debounced. */
function useLiveCheck(definition: Record<string, unknown>, enabled: boolean): { result: CheckResult | null; state: 'idle' | 'checking' | 'done' | 'failed' } {
  const key = JSON.stringify(definition);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [state, setState] = useState<'idle' | 'checking' | 'done' | 'failed'>('idle');
  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    setState('checking');
    const timer = setTimeout(() => {
      templateApi
        .check(JSON.parse(key), controller.signal)
        .then((r) => {
          if (r.ok) {
            setResult(r);
            setState('done');
          } else {
            setResult({ valid: false, problems: r.problems, sample: { customerName: '', rendered: null } });
            setState(r.problems.length ? 'done' : 'failed');
          }
        })
        .catch(() => undefined);
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, enabled]);
  return { result, state };
}

const SmsLength: React.FC<{ check: CheckResult | null; state: string; kind: Kind; t: T }> = ({ check, state, kind, t }) => {
  const asWritten = check?.smsLengths?.asWritten;
  const longest = check?.smsLengths?.longest;
  return (
    <div
      data-testid="sms-length"
      data-state={state}
      data-bytes={asWritten?.bytes ?? ''}
      data-type={asWritten?.type ?? ''}
      aria-live="polite"
      style={{ ...box, background: asWritten?.overLimit ? '#fff5f5' : '#f6f8fa', fontSize: 14 }}
    >
      {asWritten ? (
        <>
          <div>
            <strong data-testid="sms-type">{asWritten.type}</strong> <span data-testid="sms-bytes">{t('tpl_bytes', { bytes: asWritten.bytes.toLocaleString('ko-KR') })}</span> (
            {asWritten.encoding}) · {asWritten.type === 'SMS' ? t('tpl_smsLimit') : t('tpl_lmsLimit')}
          </div>
          {kind === 'advertising' && (
            <div data-testid="sms-marking" style={{ fontSize: 13, color: '#57606a' }}>
              {t('tpl_markingIncluded', { bytes: (check?.sample.markingBytes ?? 0).toLocaleString('ko-KR') })}
            </div>
          )}
          {longest && (
            <div data-testid="sms-longest" style={{ fontSize: 13, color: '#57606a' }}>
              {t('tpl_longest', { type: longest.type, bytes: longest.bytes.toLocaleString('ko-KR') })}
            </div>
          )}
        </>
      ) : (
        <span>{state === 'checking' ? t('tpl_checking') : t('tpl_noCount')}</span>
      )}
    </div>
  );
};

const Variables: React.FC<{ catalogue: Catalogue | null; channel: Channel; language: string; t: T; onInsert?: (snippet: string) => void }> = ({
  catalogue,
  channel,
  language,
  t,
  onInsert,
}) => {
  if (!catalogue) return null;
  const en = language.startsWith('en');
  const vars = catalogue.variables.filter((v) => v.channels.includes(channel));
  return (
    <section aria-labelledby="tpl-variables-heading" data-testid="template-variables" style={{ ...box, fontSize: 13 }}>
      <h3 id="tpl-variables-heading" style={{ fontSize: 14, margin: '0 0 6px' }}>
        {t('tpl_variables')}
      </h3>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {vars.map((v) => (
          <li key={v.path} style={{ margin: '2px 0' }}>
            {onInsert ? (
              <button
                type="button"
                style={{ ...secondaryButton, padding: '1px 6px', fontSize: 12, fontFamily: 'monospace' }}
                onClick={() => onInsert(`{{ ${v.path} }}`)}
                aria-label={t('tpl_insertVariable', { name: v.path })}
              >{`{{ ${v.path} }}`}</button>
            ) : (
              <code>{`{{ ${v.path} }}`}</code>
            )}{' '}
            {en ? v.en : v.ko}
          </li>
        ))}
      </ul>
      <p style={{ margin: '6px 0 2px' }}>{t('tpl_recommendationsHelp', { max: catalogue.recommendations.max })}</p>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {catalogue.recommendations.fields.map((f) => (
          <li key={f.field}>
            <code>{`r.${f.field}`}</code> {en ? f.en : f.ko}
          </li>
        ))}
      </ul>
      <pre style={{ background: '#f6f8fa', padding: 6, margin: '6px 0 0', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {'{% for r in recommendations %}{{ r.name }} {{ r.rateText }}\n{% endfor %}'}
      </pre>
    </section>
  );
};

/** Approve (review number + validity), reject (reason), for compliance on a pending template. */
const ReviewPanel: React.FC<{ detail: TemplateDetail; t: T; language: string; onDone: (d: TemplateDetail) => void }> = ({ detail, t, language, onDone }) => {
  const [reviewNumber, setReviewNumber] = useState('');
  const [validFrom, setValidFrom] = useState(() => kstDay(new Date().toISOString()));
  const [validUntil, setValidUntil] = useState('');
  const [reason, setReason] = useState('');
  const [refused, setRefused] = useState<Problem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (command: 'approve' | 'reject', body: Record<string, unknown>) => {
    setBusy(true);
    setRefused(null);
    const r = await templateApi.command(detail.id, command, body);
    setBusy(false);
    if (r.ok) onDone(r.template);
    else setRefused(r.problems);
  };
  const fieldProblems = (path: string) => (refused ?? []).filter((p) => p.path === path);
  return (
    <section aria-labelledby="tpl-review-heading" data-testid="review-panel" style={{ ...box, marginTop: 12 }}>
      <h3 id="tpl-review-heading" style={{ fontSize: 15, margin: '0 0 8px' }}>
        {t('tpl_review')}
      </h3>
      <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr 1fr', gap: 8 }}>
        <div>
          <label htmlFor="tpl-review-number" style={labelStyle}>
            {t('tpl_reviewNumber')}
          </label>
          <input id="tpl-review-number" style={inputStyle} value={reviewNumber} onChange={(e) => setReviewNumber(e.target.value)} aria-describedby="tpl-review-number-problems" />
          <FieldProblems id="tpl-review-number-problems" problems={fieldProblems('reviewNumber')} language={language} t={t} />
        </div>
        <div>
          <label htmlFor="tpl-valid-from" style={labelStyle}>
            {t('tpl_validFrom')}
          </label>
          <input id="tpl-valid-from" type="date" style={inputStyle} value={validFrom} onChange={(e) => setValidFrom(e.target.value)} aria-describedby="tpl-valid-from-problems" />
          <FieldProblems id="tpl-valid-from-problems" problems={fieldProblems('validFrom')} language={language} t={t} />
        </div>
        <div>
          <label htmlFor="tpl-valid-until" style={labelStyle}>
            {t('tpl_validUntil')}
          </label>
          <input
            id="tpl-valid-until"
            type="date"
            style={inputStyle}
            value={validUntil}
            onChange={(e) => setValidUntil(e.target.value)}
            aria-describedby="tpl-valid-until-problems"
          />
          <FieldProblems id="tpl-valid-until-problems" problems={fieldProblems('validUntil')} language={language} t={t} />
        </div>
      </div>
      <button type="button" style={{ ...buttonStyle, marginTop: 8 }} disabled={busy} onClick={() => void run('approve', { reviewNumber, validFrom, validUntil })}>
        {t('tpl_approve')}
      </button>
      <div style={{ marginTop: 12 }}>
        <label htmlFor="tpl-reject-reason" style={labelStyle}>
          {t('tpl_rejectReason')}
        </label>
        <textarea id="tpl-reject-reason" rows={2} required style={inputStyle} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="tpl-reason-problems" />
        <FieldProblems id="tpl-reason-problems" problems={fieldProblems('reason')} language={language} t={t} />
        <button type="button" style={{ ...dangerButton, marginTop: 6 }} disabled={busy || reason.trim().length === 0} onClick={() => void run('reject', { reason })}>
          {t('tpl_reject')}
        </button>
      </div>
      <Refusal
        problems={refused && refused.filter((p) => !p.path || !['reviewNumber', 'validFrom', 'validUntil', 'reason'].includes(p.path))}
        language={language}
        t={t}
        testId="review-refused"
      />
    </section>
  );
};

/** Preview for a real customer: the server masks the name as the console does for this role, and logs the preview. */
const CustomerPreview: React.FC<{ templateId: number; t: T; language: string }> = ({ templateId, t, language }) => {
  const [customerId, setCustomerId] = useState('');
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [refused, setRefused] = useState<Problem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setRefused(null);
    const asked = customerId.trim();
    // A customer number (letters first, e.g. C0001234) is looked up; digits are the customer's id.
    let id = asked;
    if (!/^\d+$/.test(asked)) {
      const found = await templateApi.customerIdOf(asked).catch(() => null);
      if (found === null) {
        setBusy(false);
        setResult(null);
        setRefused([{ code: 'customerNoNotFound', message: { ko: t('tpl_customerNoNotFound', { no: asked }), en: t('tpl_customerNoNotFound', { no: asked }) } }]);
        return;
      }
      id = String(found);
    }
    const r = await templateApi.preview(templateId, id);
    setBusy(false);
    if (r.ok) setResult(r);
    else {
      setResult(null);
      setRefused(r.problems);
    }
  };
  return (
    <section aria-labelledby="tpl-preview-heading" data-testid="customer-preview" style={{ ...box, marginTop: 12 }}>
      <h3 id="tpl-preview-heading" style={{ fontSize: 15, margin: '0 0 8px' }}>
        {t('tpl_previewForCustomer')}
      </h3>
      <form onSubmit={(e) => void run(e)} style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}>
        <div>
          <label htmlFor="tpl-preview-customer" style={labelStyle}>
            {t('tpl_customerId')}
          </label>
          <input id="tpl-preview-customer" style={{ ...inputStyle, width: 200 }} value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
        </div>
        <button type="submit" style={secondaryButton} disabled={busy || customerId.trim() === ''}>
          {t('tpl_preview')}
        </button>
      </form>
      <Refusal problems={refused} language={language} t={t} testId="preview-refused" />
      {result && (
        <div style={{ marginTop: 8 }}>
          <div data-testid="preview-customer" style={{ fontSize: 13, marginBottom: 4 }}>
            {t(result.customer.masked ? 'tpl_previewCustomerMasked' : 'tpl_previewCustomer', { id: result.customer.id, name: result.customer.name })}
          </div>
          <RenderedView rendered={result.rendered} language={language} t={t} testId="preview-rendered" />
        </div>
      )}
    </section>
  );
};

const StatusBadge: React.FC<{ status: TemplateStatus; t: T }> = ({ status, t }) => {
  const colors: Record<TemplateStatus, string> = { DRAFT: '#57606a', PENDING: '#9a6700', APPROVED: '#1a7f37', REJECTED: '#cf222e', RETIRED: '#6e7781' };
  return (
    <span data-status={status} style={{ color: colors[status], fontWeight: 600 }}>
      {t(`tpl_status_${status}`)}
    </span>
  );
};

/** One template (or a new one): fields, live check, lifecycle. */
const Editor: React.FC<{
  detail: TemplateDetail | null;
  grants: Grants;
  catalogue: Catalogue | null;
  t: T;
  language: string;
  onSaved: (id: number, note: string) => void;
  onChanged: (d: TemplateDetail) => void;
}> = ({ detail, grants, catalogue, t, language, onSaved, onChanged }) => {
  const [form, setForm] = useState<Form>(() => (detail ? formOf(detail) : emptyForm));
  const [refused, setRefused] = useState<Problem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const lastField = useRef<HTMLTextAreaElement | HTMLInputElement | null>(null);
  const isNew = detail === null;
  const editable = isNew ? grants.create : detail.canEdit;
  const definition = useMemo(() => definitionOf(form), [form]);
  // Submitting sends the saved text for review: not while the form holds unsaved changes.
  const dirty = !isNew && JSON.stringify(definition) !== JSON.stringify(definitionOf(formOf(detail)));
  const { result: check, state: checkState } = useLiveCheck(definition, true);
  const problems = check?.problems ?? [];
  const byField = (key: string) => problems.filter((p) => fieldOfProblem(p) === key);
  const general = problems.filter((p) => !knownPaths.has(fieldOfProblem(p)));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
  };

  const insert = useCallback((snippet: string) => {
    const el = lastField.current;
    const key = el?.dataset.field as keyof Form | undefined;
    if (!el || !key) return;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    const next = el.value.slice(0, start) + snippet + el.value.slice(end);
    setForm((f) => ({ ...f, [key]: next }));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  }, []);

  const save = async () => {
    setBusy(true);
    setRefused(null);
    const r: Answer<{ id: number; revision: number; status: TemplateStatus; problems: Problem[] }> = isNew
      ? await templateApi.create(form.name, definition)
      : await templateApi.update(detail.id, definition);
    setBusy(false);
    if (!r.ok) return setRefused(r.problems);
    onSaved(r.id, t('tpl_saved', { revision: r.revision }));
  };
  const lifecycle = async (command: 'submit' | 'retire') => {
    if (!detail) return;
    setBusy(true);
    setRefused(null);
    const r = await templateApi.command(detail.id, command);
    setBusy(false);
    if (!r.ok) return setRefused(r.problems);
    onChanged(r.template);
  };

  const fieldLabel = (key: keyof Form) => {
    if (form.channel === 'email' && key === 'text') return t('tpl_field_emailText');
    if (form.channel === 'sms' && key === 'subject') return t('tpl_field_lmsSubject');
    if (form.channel === 'email' && key === 'html') return t('tpl_field_html');
    return t(`tpl_field_${key}`);
  };

  return (
    <div data-testid="template-editor" data-template-id={detail?.id ?? ''} data-status={detail?.status ?? 'NEW'}>
      <h2 style={{ fontSize: 18, margin: '0 0 8px' }}>
        {isNew ? t('tpl_newTemplate') : `${detail.name} · ${t('tpl_revisionN', { revision: detail.revision })}`} {detail && <StatusBadge status={detail.status} t={t} />}
      </h2>
      {detail && (
        <dl data-testid="template-facts" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', fontSize: 13, margin: '0 0 8px' }}>
          {detail.reviewNumber && (
            <>
              <dt>{t('tpl_reviewNumber')}</dt>
              <dd style={{ margin: 0 }}>{detail.reviewNumber}</dd>
            </>
          )}
          {(detail.validFrom || detail.validUntil) && (
            <>
              <dt>{t('tpl_validity')}</dt>
              <dd style={{ margin: 0 }}>
                {kstDay(detail.validFrom)} ~ {kstDay(detail.validUntil)}
              </dd>
            </>
          )}
          {detail.rejectionReason && (
            <>
              <dt>{t('tpl_rejectionReason')}</dt>
              <dd style={{ margin: 0 }} data-testid="rejection-reason">
                {detail.rejectionReason}
              </dd>
            </>
          )}
          {detail.revisions.length > 1 && (
            <>
              <dt>{t('tpl_revisions')}</dt>
              <dd style={{ margin: 0 }}>
                {detail.revisions.map((r) => (
                  <span key={r.id} style={{ marginRight: 8 }}>
                    {t('tpl_revisionN', { revision: r.revision })} <StatusBadge status={r.status} t={t} />
                  </span>
                ))}
              </dd>
            </>
          )}
        </dl>
      )}
      {detail?.status === 'APPROVED' && detail.canEdit && (
        <p data-testid="new-revision-note" style={{ fontSize: 13, color: '#57606a' }}>
          {t('tpl_editApprovedNote')}
        </p>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(240px, 1fr)', gap: 12 }}>
        <div style={box}>
          <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr 1fr', gap: 8 }}>
            <div>
              <label htmlFor="tpl-name" style={labelStyle}>
                {t('tpl_field_name')}
              </label>
              <input id="tpl-name" style={inputStyle} value={form.name} disabled={!isNew || !editable} onChange={(e) => set('name', e.target.value)} maxLength={100} />
            </div>
            <div>
              <label htmlFor="tpl-channel" style={labelStyle}>
                {t('tpl_field_channel')}
              </label>
              <select id="tpl-channel" style={inputStyle} value={form.channel} disabled={!isNew || !editable} onChange={(e) => set('channel', e.target.value as Channel)}>
                {(['sms', 'email', 'push'] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`tpl_channel_${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="tpl-kind" style={labelStyle}>
                {t('tpl_field_kind')}
              </label>
              <select
                id="tpl-kind"
                style={inputStyle}
                value={form.kind}
                disabled={!editable}
                onChange={(e) => set('kind', e.target.value as Kind)}
                aria-describedby="tpl-kind-problems"
              >
                {(['advertising', 'informational'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`tpl_kind_${k}`)}
                  </option>
                ))}
              </select>
              <FieldProblems id="tpl-kind-problems" problems={byField('kind')} language={language} t={t} />
            </div>
          </div>
          <p style={{ fontSize: 12, color: '#57606a', margin: '6px 0' }}>{t(form.kind === 'advertising' ? 'tpl_kindAdvertisingHelp' : 'tpl_kindInformationalHelp')}</p>
          {fieldsOf[form.channel].map(({ key, multiline, optional }) => {
            const id = `tpl-field-${key}`;
            const fieldProblems = byField(key);
            const common = {
              id,
              'data-field': key,
              style: { ...inputStyle, ...(multiline ? { fontFamily: key === 'html' || key === 'mjml' ? 'monospace' : 'inherit' } : {}) },
              value: String(form[key]),
              disabled: !editable,
              'aria-invalid': fieldProblems.length > 0,
              'aria-describedby': `${id}-problems`,
              onFocus: (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => {
                if (liquidFields.has(key)) lastField.current = e.currentTarget;
              },
            };
            return (
              <div key={key} style={{ marginTop: 8 }}>
                <label htmlFor={id} style={labelStyle}>
                  {fieldLabel(key)}
                  {optional ? ` (${t('tpl_optional')})` : ''}
                </label>
                {multiline ? (
                  <textarea {...common} rows={key === 'html' || key === 'mjml' ? 10 : 5} onChange={(e) => set(key, e.target.value)} />
                ) : (
                  <input {...common} onChange={(e) => set(key, e.target.value)} />
                )}
                <FieldProblems id={`${id}-problems`} problems={fieldProblems} language={language} t={t} />
              </div>
            );
          })}
          <div style={{ marginTop: 8 }}>
            <input
              id="tpl-uses-recommendations"
              type="checkbox"
              checked={form.usesRecommendations}
              disabled={!editable}
              onChange={(e) => set('usesRecommendations', e.target.checked)}
              aria-describedby="tpl-uses-recommendations-problems"
            />{' '}
            <label htmlFor="tpl-uses-recommendations" style={{ fontSize: 13 }}>
              {t('tpl_field_usesRecommendations')}
            </label>
            <FieldProblems id="tpl-uses-recommendations-problems" problems={byField('usesRecommendations')} language={language} t={t} />
          </div>
          {general.length > 0 && (
            <div data-testid="general-problems">
              <FieldProblems id="tpl-general-problems" problems={general} language={language} t={t} />
            </div>
          )}
          <div
            data-testid="check-state"
            data-state={checkState}
            data-valid={check ? String(check.valid) : ''}
            aria-live="polite"
            style={{ fontSize: 13, marginTop: 8, color: check?.valid ? '#1a7f37' : '#57606a' }}
          >
            {checkState === 'checking'
              ? t('tpl_checking')
              : check
                ? check.valid
                  ? t(detail?.canSubmit || isNew ? 'tpl_noProblems' : 'tpl_noProblemsShort')
                  : t('tpl_problemCount', { count: problems.length })
                : ''}
          </div>
          <Refusal problems={refused} language={language} t={t} testId="action-refused" />
          <div style={{ display: 'flex', gap: 8, marginTop: 10, flexWrap: 'wrap' }}>
            {editable && (
              <button type="button" style={buttonStyle} disabled={busy} onClick={() => void save()}>
                {isNew ? t('tpl_saveDraft') : detail.status === 'APPROVED' ? t('tpl_saveAsNewRevision') : t('tpl_save')}
              </button>
            )}
            {detail?.canSubmit && (
              <button type="button" style={secondaryButton} disabled={busy || dirty} aria-describedby={dirty ? 'tpl-unsaved' : undefined} onClick={() => void lifecycle('submit')}>
                {t('tpl_submit')}
              </button>
            )}
            {detail?.canSubmit && dirty && (
              <span id="tpl-unsaved" style={{ fontSize: 13, color: '#9a6700', alignSelf: 'center' }}>
                {t('tpl_saveBeforeSubmit')}
              </span>
            )}
            {detail?.canRetire && (
              <button type="button" style={dangerButton} disabled={busy} onClick={() => void lifecycle('retire')}>
                {t('tpl_retire')}
              </button>
            )}
          </div>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          {form.channel === 'sms' && <SmsLength check={check} state={checkState} kind={form.kind} t={t} />}
          <section aria-labelledby="tpl-sample-heading" style={box}>
            <h3 id="tpl-sample-heading" style={{ fontSize: 14, margin: '0 0 6px' }}>
              {t('tpl_sampleMessage', { name: check?.sample.customerName ?? '' })}
            </h3>
            <RenderedView rendered={check?.sample.rendered ?? null} language={language} t={t} testId="sample-message" />
          </section>
          <Variables catalogue={catalogue} channel={form.channel} language={language} t={t} onInsert={editable ? insert : undefined} />
        </div>
      </div>
      {detail?.canReview && <ReviewPanel key={`${detail.id}-${detail.status}`} detail={detail} t={t} language={language} onDone={onChanged} />}
      {detail && <CustomerPreview templateId={detail.id} t={t} language={language} />}
    </div>
  );
};

const TemplateList: React.FC<{
  templates: TemplateSummary[];
  selectedId: number | null;
  grants: Grants;
  filter: TemplateStatus | '';
  onFilter: (f: TemplateStatus | '') => void;
  onOpen: (id: number) => void;
  onNew: () => void;
  t: T;
}> = ({ templates, selectedId, grants, filter, onFilter, onOpen, onNew, t }) => {
  // Compliance reviews what is waiting first.
  const rows = useMemo(
    () =>
      grants.approve
        ? [...templates].sort((a, b) => Number(b.status === 'PENDING') - Number(a.status === 'PENDING') || a.name.localeCompare(b.name, 'ko') || b.revision - a.revision)
        : templates,
    [templates, grants.approve],
  );
  const cell: React.CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #d0d7de', textAlign: 'left', fontSize: 13 };
  return (
    <section aria-labelledby="tpl-list-heading" style={{ ...box, marginBottom: 12 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8 }}>
        <h2 id="tpl-list-heading" style={{ fontSize: 16, margin: 0 }}>
          {t('tpl_list')}
        </h2>
        <label htmlFor="tpl-status-filter" style={{ fontSize: 13 }}>
          {t('tpl_filterStatus')}
        </label>
        <select id="tpl-status-filter" value={filter} onChange={(e) => onFilter(e.target.value as TemplateStatus | '')} style={{ ...inputStyle, width: 160 }}>
          <option value="">{t('tpl_allStatuses')}</option>
          {templateStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`tpl_status_${s}`)}
            </option>
          ))}
        </select>
        {grants.create && (
          <button type="button" style={{ ...buttonStyle, marginLeft: 'auto' }} onClick={onNew}>
            {t('tpl_new')}
          </button>
        )}
      </div>
      <table data-testid="template-list" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            {['name', 'channel', 'kind', 'status', 'revision', 'reviewNumber', 'validity'].map((c) => (
              <th key={c} scope="col" style={cell}>
                {t(`tpl_col_${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`template-row-${r.id}`} data-status={r.status} style={{ background: r.id === selectedId ? '#ddf4ff' : undefined }}>
              <td style={cell}>
                <button
                  type="button"
                  onClick={() => onOpen(r.id)}
                  aria-current={r.id === selectedId ? 'true' : undefined}
                  style={{ background: 'none', border: 'none', padding: 0, color: '#0969da', textDecoration: 'underline', cursor: 'pointer', fontSize: 13, textAlign: 'left' }}
                >
                  {r.name}
                </button>
              </td>
              <td style={cell}>{t(`tpl_channel_${r.channel}`)}</td>
              <td style={cell}>{t(`tpl_kind_${r.kind}`)}</td>
              <td style={cell}>
                <StatusBadge status={r.status} t={t} />
              </td>
              <td style={cell}>{r.revision}</td>
              <td style={cell}>{r.reviewNumber ?? ''}</td>
              <td style={cell}>{r.validFrom || r.validUntil ? `${kstDay(r.validFrom)} ~ ${kstDay(r.validUntil)}` : ''}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={7} style={cell}>
                {t('tpl_empty')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
};

const TemplateEditorPage: React.FC = () => {
  const { translateMessage, i18n } = useTranslation();
  const t: T = useCallback((key, opts) => translateMessage(key, 'MessageTemplate', opts as never), [translateMessage]);
  const language = i18n.language;
  const [grants, setGrants] = useState<Grants | null>(null);
  const [failed, setFailed] = useState(false);
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [filter, setFilter] = useState<TemplateStatus | ''>('');
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [open, setOpen] = useState<{ id: number | null; detail: TemplateDetail | null } | null>(null);
  const [loadProblems, setLoadProblems] = useState<Problem[] | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const r = await templateApi.list(filter || undefined);
    if (r.ok) setTemplates(r.templates);
    else setLoadProblems(r.problems);
  }, [filter]);

  useEffect(() => {
    templateApi
      .grants()
      .then((g) => (g ? setGrants(g) : setFailed(true)))
      .catch(() => setFailed(true));
    templateApi
      .variables()
      .then((r) => r.ok && setCatalogue(r))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    if (grants?.read) void reload();
  }, [grants, reload]);

  const openTemplate = useCallback(async (id: number) => {
    const r = await templateApi.get(id);
    if (r.ok) {
      setLoadProblems(null);
      setOpen({ id, detail: r });
    } else setLoadProblems(r.problems);
  }, []);
  // A link to one template (the compliance inbox's "review" link: ?id=N) opens it.
  useEffect(() => {
    const id = Number(new URLSearchParams(window.location.search).get('id'));
    if (grants?.read && Number.isInteger(id) && id > 0) void openTemplate(id);
  }, [grants, openTemplate]);
  const changed = useCallback(
    (d: TemplateDetail) => {
      setNote(null);
      void openTemplate(d.id);
      void reload();
    },
    [openTemplate, reload],
  );

  if (failed) return <div data-testid="templates-load-failed">{t('tpl_loadFailed')}</div>;
  if (!grants) return <div data-testid="templates-loading">{t('tpl_loading')}</div>;
  if (!grants.read)
    return (
      <div data-testid="templates-forbidden" role="alert" style={{ padding: 24 }}>
        {t('tpl_forbidden')}
      </div>
    );
  return (
    <div data-testid="template-page" style={{ padding: 16 }}>
      <h1 style={{ fontSize: 22, margin: '0 0 12px' }}>{t('tpl_title')}</h1>
      <TemplateList
        templates={templates}
        selectedId={open?.id ?? null}
        grants={grants}
        filter={filter}
        onFilter={setFilter}
        onOpen={(id) => {
          setNote(null);
          void openTemplate(id);
        }}
        onNew={() => {
          setNote(null);
          setOpen({ id: null, detail: null });
        }}
        t={t}
      />
      <Refusal problems={loadProblems} language={language} t={t} testId="load-refused" />
      <div role="status" data-testid="saved-note" style={{ color: '#1a7f37', fontSize: 13, minHeight: 18 }}>
        {note ?? ''}
      </div>
      {open && (
        <Editor
          key={open.detail ? `${open.detail.id}-${open.detail.status}` : 'new'}
          detail={open.detail}
          grants={grants}
          catalogue={catalogue}
          t={t}
          language={language}
          onSaved={(id, saved) => {
            setNote(saved);
            void openTemplate(id);
            void reload();
          }}
          onChanged={changed}
        />
      )}
    </div>
  );
};

export default TemplateEditorPage;
