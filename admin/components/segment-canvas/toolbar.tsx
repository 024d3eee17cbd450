import React, { useState } from 'react';
import { Badge, Box, Button, H3, Text } from '@adminjs/design-system';
import type { SegmentGraph } from '../../../builder/segment/segment-graph.js';
import { useCanvas } from './canvas-context.js';
import { countText, failureText, segmentApi, type Failure, type SegmentDetail } from './segment-api.js';

interface History {
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Title, published version, undo/redo, save and publish. Publishing creates
 * a new immutable version from the current canvas; it asks first because
 * journeys may react to the membership change at once.
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
}> = ({ detail, graph, compiles, history, onDetail, view, viewedVersion, onView }) => {
  const { t, localise, readOnly } = useCanvas();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const failure = (r: Failure) => ({ text: `${t('requestFailed')} ${failureText(r, localise)}`, error: true });
  const id = String(detail.id);

  const save = async () => {
    setBusy(true);
    try {
      const r = await segmentApi.saveDraft(id, graph);
      setMessage(r.ok ? { text: r.errors.length ? t('savedWithErrors', { count: r.errors.length }) : t('saved'), error: false } : failure(r));
    } catch (e) {
      setMessage({ text: String(e), error: true });
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    if (!window.confirm(t('publishConfirm'))) return;
    setBusy(true);
    try {
      const r = await segmentApi.publish(id, graph);
      if (r.ok) {
        onDetail({ ...detail, status: 'PUBLISHED', publishedVersion: r.version, memberCount: r.memberCount });
        // The new version's graph and the history come from the server (what was stored, not what was sent).
        const fresh = await segmentApi.get(id).catch(() => null);
        if (fresh?.ok) onDetail(fresh);
        const shown = (n: number | null) => countText(n, r.fewerThan, t);
        setMessage({ text: t('published', { version: r.version, count: shown(r.memberCount), entered: shown(r.entered), exited: shown(r.exited) }), error: false });
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
      <Badge data-testid="segment-status">{t(`status_${detail.status}`)}</Badge>
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
        <Badge variant="secondary" data-testid="read-only">
          {t('readOnly')}
        </Badge>
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
            <Button type="button" size="sm" variant="contained" onClick={publish} disabled={busy || !compiles} data-testid="publish">
              {t('publish')}
            </Button>
          )}
        </>
      )}
      {message && (
        <Text data-testid="canvas-message" style={{ color: message.error ? '#cf222e' : '#1a7f37' }}>
          {message.text}
        </Text>
      )}
    </Box>
  );
};
