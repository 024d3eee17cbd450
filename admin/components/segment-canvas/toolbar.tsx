import React, { useState } from 'react';
import { Box, Button, H3, Text } from '@adminjs/design-system';
import type { SegmentGraph } from '../../../builder/segment/segment-graph.js';
import { useCanvas } from './canvas-context.js';
import { countText, failureText, segmentApi, type Failure, type SegmentDetail } from './segment-api.js';
import { ConfirmDialog } from './confirm-dialog.js';

/** A status label with known contrast (the design system's badges fall below 4.5:1 on some variants). */
const badge: React.CSSProperties = { background: '#eaeef2', color: '#24292f', border: '1px solid #8c959f', borderRadius: 12, padding: '2px 10px', fontSize: 13 };

interface History {
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Title, published version, undo/redo, save and publish. Publishing creates
 * a new immutable version from the current canvas; it asks first (an
 * accessible dialog) because journeys may react to the membership change at
 * once, and says so plainly when the canvas selects no customer at all (or
 * fewer than the role may see counted).
 */
export const Toolbar: React.FC<{
  detail: SegmentDetail;
  graph: SegmentGraph;
  compiles: boolean;
  history: History;
  onDetail: (d: SegmentDetail) => void;
  view: 'draft' | 'published';
  viewedVersion: number | null;
  onView: (v: 'draft' | 'published') => void;
  /** After a save or a publication: the graph the server now holds (the canvas is no longer "unsaved"). */
  onSaved: (graph: SegmentGraph) => void;
}> = ({ detail, graph, compiles, history, onDetail, view, viewedVersion, onView, onSaved }) => {
  const { t, localise, readOnly } = useCanvas();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  /** The publish question, worded by the audience just counted for exactly this graph. */
  const [asking, setAsking] = useState<{ graph: SegmentGraph; kind: 'normal' | 'empty' | 'few'; fewerThan?: number } | null>(null);
  const failure = (r: Failure) => ({ text: `${t('requestFailed')} ${failureText(r, localise)}`, error: true });
  const id = String(detail.id);

  const save = async () => {
    setBusy(true);
    try {
      const sent = graph;
      const r = await segmentApi.saveDraft(id, sent);
      if (r.ok) onSaved(sent);
      setMessage(r.ok ? { text: r.errors.length ? t('savedWithErrors', { count: r.errors.length }) : t('saved'), error: false } : failure(r));
    } catch (e) {
      setMessage({ text: String(e), error: true });
    } finally {
      setBusy(false);
    }
  };
  /** Counts the canvas once more, then asks: with no customer (or fewer than the role may see) the question says so. */
  const askPublish = async () => {
    setBusy(true);
    const sent = graph;
    try {
      const r = await segmentApi.preview(sent, detail.id, new AbortController().signal).catch(() => null);
      const kind = r?.ok && r.count === 0 ? 'empty' : r?.ok && r.count === null && r.fewerThan !== undefined && !r.timedOut ? 'few' : 'normal';
      setAsking({ graph: sent, kind, fewerThan: r?.ok ? r.fewerThan : undefined });
    } finally {
      setBusy(false);
    }
  };
  const publish = async (sent: SegmentGraph) => {
    setAsking(null);
    setBusy(true);
    try {
      const r = await segmentApi.publish(id, sent);
      if (r.ok) onSaved(sent);
      if (r.ok) {
        onDetail({ ...detail, status: 'PUBLISHED', publishedVersion: r.version, memberCount: r.memberCount });
        // The new version's graph and the history come from the server (what was stored, not what was sent).
        const fresh = await segmentApi.get(id).catch(() => null);
        if (fresh?.ok) onDetail(fresh);
        const shown = (n: number | null) => countText(n, r.fewerThan, t);
        setMessage({
          text: t(r.memberCount === null ? 'publishedFew' : 'published', { version: r.version, count: shown(r.memberCount), entered: shown(r.entered), exited: shown(r.exited) }),
          error: false,
        });
      } else setMessage(failure(r));
    } catch (e) {
      setMessage({ text: String(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box flex flexDirection="row" alignItems="center" flexWrap="wrap" mb="default" style={{ gap: 8 }}>
      <H3 mb="0" mr="default">
        {detail.name}
      </H3>
      <span data-testid="segment-status" style={badge}>
        {t(`status_${detail.status}`)}
      </span>
      <Text data-testid="published-version" mr="lg">
        {detail.publishedVersion ? t('publishedVersion', { version: detail.publishedVersion, count: countText(detail.memberCount, detail.countsFewerThan, t) }) : t('notPublished')}
      </Text>
      {detail.publishedVersion !== null && (
        <Box flex flexDirection="row" data-testid="view-toggle" data-view={view} role="group">
          <Button
            type="button"
            size="sm"
            variant={view === 'draft' ? 'contained' : 'outlined'}
            onClick={() => onView('draft')}
            aria-pressed={view === 'draft'}
            data-testid="view-draft"
          >
            {t('view_draft')}
          </Button>
          <Button
            type="button"
            size="sm"
            variant={view === 'published' ? 'contained' : 'outlined'}
            onClick={() => onView('published')}
            aria-pressed={view === 'published'}
            data-testid="view-published"
          >
            {t('view_published', { version: detail.publishedVersion })}
          </Button>
        </Box>
      )}
      {view === 'published' && (
        <Text data-testid="viewing-published" style={{ color: '#1a7f37' }}>
          {t('viewingPublished', { version: viewedVersion })}
        </Text>
      )}
      {readOnly && (
        <span data-testid="read-only" style={badge}>
          {t('readOnly')}
        </span>
      )}
      {!readOnly && (
        <>
          <Button type="button" size="sm" variant="outlined" onClick={history.undo} disabled={!history.canUndo} data-testid="undo" title="Ctrl+Z">
            {t('undo')}
          </Button>
          <Button type="button" size="sm" variant="outlined" onClick={history.redo} disabled={!history.canRedo} data-testid="redo" title="Ctrl+Shift+Z">
            {t('redo')}
          </Button>
          <Button type="button" size="sm" onClick={save} disabled={busy} data-testid="save-draft">
            {t('saveDraft')}
          </Button>
          {detail.canPublish && (
            <Button type="button" size="sm" variant="contained" onClick={() => void askPublish()} disabled={busy || !compiles} data-testid="publish">
              {t('publish')}
            </Button>
          )}
        </>
      )}
      {detail.canSeeMembers && detail.status === 'PUBLISHED' && (
        <a href={`/admin/resources/Segment/records/${encodeURIComponent(id)}/members`} data-testid="open-members" style={{ color: '#0550ae', fontSize: 14 }}>
          {t('members_open')}
        </a>
      )}
      <Text data-testid="canvas-message" role="status" style={{ color: message?.error ? '#cf222e' : '#1a7f37' }}>
        {message?.text ?? ''}
      </Text>
      {asking && (
        <ConfirmDialog
          testId="publish-dialog"
          title={asking.kind === 'empty' ? t('publishEmptyTitle') : asking.kind === 'few' ? t('publishFewTitle', { count: asking.fewerThan }) : t('publishTitle')}
          text={asking.kind === 'empty' ? t('publishEmptyConfirm') : asking.kind === 'few' ? t('publishFewConfirm', { count: asking.fewerThan }) : t('publishConfirm')}
          confirmLabel={asking.kind === 'normal' ? t('publish') : t('publishAnyway')}
          cancelLabel={t('cancel')}
          danger={asking.kind !== 'normal'}
          onConfirm={() => void publish(asking.graph)}
          onCancel={() => setAsking(null)}
        />
      )}
    </Box>
  );
};
