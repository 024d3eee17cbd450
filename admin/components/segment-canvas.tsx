import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation, type ActionProps } from 'adminjs';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { compileSegmentGraph } from '../../builder/segment/compile-segment-graph.js';
import { definitionToGraph } from '../../builder/segment/definition-to-graph.js';
import type { SegmentGraph, SegmentGraphError, SegmentGraphNodeType } from '../../builder/segment/segment-graph.js';
import { CanvasContext, type CanvasContextValue, type Localise, type Translate } from './segment-canvas/canvas-context.js';
import { fromSegmentGraph, initialData, newNodeId, toSegmentGraph, type FlowNode, type FlowState } from './segment-canvas/flow-graph.js';
import { ConfirmDialog } from './segment-canvas/confirm-dialog.js';
import { useBlockCounts } from './segment-canvas/use-block-counts.js';
import { useLeaveGuard } from './segment-canvas/use-leave-guard.js';
import { canvasAriaLabels, canvasFocusCss } from './segment-canvas/canvas-a11y.js';
import type { ParentChoice } from './segment-canvas/side-panel.js';
import { LiveAudience } from './segment-canvas/live-audience.js';
import { localiseProblems } from './segment-canvas/localise-problems.js';
import { Palette, blockMime } from './segment-canvas/palette.js';
import { countText, segmentApi, type SegmentDetail, type SegmentOptions } from './segment-canvas/segment-api.js';
import { nodeTypes } from './segment-canvas/segment-nodes.js';
import { SidePanel } from './segment-canvas/side-panel.js';
import { Toolbar } from './segment-canvas/toolbar.js';
import { useGraphHistory } from './segment-canvas/use-graph-history.js';
import { useLivePreview } from './segment-canvas/use-live-preview.js';
import { VersionList } from './segment-canvas/version-list.js';

export type CanvasView = 'draft' | 'published';

/** The graph to open: the draft as drawn, else a layout of whatever definition exists (API-posted or published). */
function startingGraph(d: SegmentDetail): SegmentGraph | null {
  if (d.draftGraph) return d.draftGraph;
  if (d.draftDefinition) return definitionToGraph(d.draftDefinition);
  if (d.publishedGraph) return d.publishedGraph;
  if (d.publishedDefinition) return definitionToGraph(d.publishedDefinition);
  return null;
}

const inputTypes = new Set<string>(['audience', 'and', 'or', 'not']);
/** Problems that only say "not connected yet": not shown on a canvas nobody has started connecting. */
const connectionProblems = new Set<string>(['notConnected', 'audienceEmpty', 'noAudienceInput', 'emptyGroup']);
/** Width of the result block as drawn (segment-nodes.tsx minWidth plus padding and border), to keep it in view. */
const audienceWidth = 200;
const isEditingText = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

const Canvas: React.FC<{
  detail: SegmentDetail;
  options: SegmentOptions | null;
  t: Translate;
  localise: Localise;
  onDetail: (d: SegmentDetail) => void;
  language: 'ko' | 'en';
}> = ({ detail, options, t, localise, onDetail, language }) => {
  const { screenToFlowPosition, fitView, getViewport, setViewport } = useReactFlow();
  const [start] = useState(() => startingGraph(detail));
  const [flow, setFlow] = useState<FlowState>(() => fromSegmentGraph(start));
  // "Not connected" is news only once the marketer starts connecting; a fresh canvas shows no problems.
  const [connecting, setConnecting] = useState(() => (start?.edges.length ?? 0) > 0);
  const canvasBox = useRef<HTMLDivElement>(null);
  const [panelFocus, setPanelFocus] = useState(0);
  const flowRef = useRef(flow);
  flowRef.current = flow;
  const history = useGraphHistory(flow, setFlow);
  const { record: recordStep, undo, redo } = history;
  // Published versions are only looked at (selecting a block shows its parameters); every edit goes to the draft.
  const [view, setView] = useState<CanvasView>('draft');
  const [viewedVersion, setViewedVersion] = useState<number | null>(detail.publishedVersion);
  const graphOfVersion = useCallback(
    (version: number | null) => {
      const v = detail.versions.find((x) => x.version === version);
      return v ? (v.graph ?? definitionToGraph(v.definition)) : null;
    },
    [detail.versions],
  );
  const [publishedFlow, setPublishedFlow] = useState<FlowState>(() => fromSegmentGraph(graphOfVersion(detail.publishedVersion)));
  const draftViewport = useRef<{ x: number; y: number; zoom: number } | null>(null);
  const fitDraftNext = useRef(false);
  const viewing = view === 'published' && detail.versions.length > 0;
  const readOnly = !detail.canEdit || viewing;
  const switchView = useCallback(
    (next: CanvasView, version: number | null = detail.publishedVersion) => {
      if (next === 'published') {
        if (view === 'draft') draftViewport.current = getViewport();
        setViewedVersion(version);
        setPublishedFlow(fromSegmentGraph(graphOfVersion(version)));
      }
      setView(next);
    },
    [view, detail.publishedVersion, graphOfVersion, getViewport],
  );
  useEffect(() => {
    if (view === 'published' || fitDraftNext.current) void fitView({ maxZoom: 1 });
    else if (draftViewport.current) void setViewport(draftViewport.current);
    fitDraftNext.current = false;
  }, [view, viewedVersion, fitView, setViewport]);

  const graph = useMemo(() => toSegmentGraph(flow), [flow]);
  const graphKey = JSON.stringify(graph);
  // Selection and measuring change `flow` but not the graph; compile only when the graph changes.
  const compiled = useMemo(() => compileSegmentGraph(JSON.parse(graphKey) as SegmentGraph), [graphKey]);
  // A published version compiled when it was published; its blocks show no errors.
  const errors: SegmentGraphError[] = useMemo(
    () => (compiled.ok || viewing ? [] : localise(compiled.errors.filter((e) => connecting || !connectionProblems.has(String(e.code))))),
    [compiled, viewing, localise, connecting],
  );
  const errorsByNode = useMemo(() => {
    const m = new Map<string, SegmentGraphError[]>();
    for (const e of errors) if (e.nodeId) m.set(e.nodeId, [...(m.get(e.nodeId) ?? []), e]);
    return m;
  }, [errors]);
  const preview = useLivePreview(graph, compiled.ok, detail.id, localise);
  const blockCounts = useBlockCounts(graph, compiled.ok && !viewing, detail.id);

  // Unsaved changes: the graph differs from what the server holds (loaded, saved or published).
  const [savedKey, setSavedKey] = useState(() => JSON.stringify(toSegmentGraph(fromSegmentGraph(start))));
  const dirty = detail.canEdit && graphKey !== savedKey;
  const leave = useLeaveGuard(dirty);

  // A fresh canvas (nothing drawn yet) opens with the result block in view, at 1:1, however narrow the window.
  useEffect(() => {
    if (start !== null) return;
    const width = canvasBox.current?.clientWidth ?? 0;
    const audience = flowRef.current.nodes.find((n) => n.type === 'audience');
    if (!audience || width === 0) return;
    const overflow = audience.position.x + audienceWidth + 24 - width;
    if (overflow > 0) void setViewport({ x: -overflow, y: 0, zoom: 1 });
    // Only when the canvas opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      if (viewing) {
        setPublishedFlow((s) => ({
          ...s,
          nodes: applyNodeChanges(
            changes.filter((c) => c.type === 'select' || c.type === 'dimensions'),
            s.nodes,
          ),
        }));
        return;
      }
      if (changes.some((c) => c.type === 'remove')) recordStep(flowRef.current);
      setFlow((s) => ({ ...s, nodes: applyNodeChanges(changes, s.nodes) }));
    },
    [recordStep, viewing],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      if (viewing) {
        setPublishedFlow((s) => ({
          ...s,
          edges: applyEdgeChanges(
            changes.filter((c) => c.type === 'select'),
            s.edges,
          ),
        }));
        return;
      }
      if (changes.some((c) => c.type === 'remove')) recordStep(flowRef.current);
      setFlow((s) => ({ ...s, edges: applyEdgeChanges(changes, s.edges) }));
    },
    [recordStep, viewing],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      if (readOnly) return;
      setConnecting(true);
      recordStep(flowRef.current);
      // A block has one parent: connecting it elsewhere moves it.
      setFlow((s) => ({
        ...s,
        edges: addEdge(
          { ...c, id: `e-${c.source}-${c.target}` },
          s.edges.filter((e) => e.source !== c.source),
        ),
      }));
    },
    [recordStep, readOnly],
  );
  const isValidConnection: IsValidConnection = useCallback((c) => {
    const target = flowRef.current.nodes.find((n) => n.id === c.target);
    return c.source !== c.target && !!target && inputTypes.has(String(target.type));
  }, []);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      e.preventDefault();
      const type = e.dataTransfer.getData(blockMime) as SegmentGraphNodeType;
      if (readOnly || !type) return;
      const position = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const node: FlowNode = { id: newNodeId(type), type, position, data: initialData(type, options?.eventTypes[0]?.type), selected: true };
      recordStep(flowRef.current);
      // The new block is selected so its parameters open in the side panel at once.
      setFlow((s) => ({ ...s, nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] }));
    },
    [readOnly, screenToFlowPosition, options, recordStep],
  );

  /** Adds a block without a mouse (palette button): at a free spot in the visible part of the canvas, selected, focus to its panel. */
  const addBlock = useCallback(
    (type: SegmentGraphNodeType) => {
      if (readOnly) return;
      const box = canvasBox.current?.getBoundingClientRect();
      const origin = screenToFlowPosition({ x: (box?.left ?? 0) + 40, y: (box?.top ?? 0) + 40 });
      const taken = (p: { x: number; y: number }) => flowRef.current.nodes.some((n) => Math.abs(n.position.x - p.x) < 200 && Math.abs(n.position.y - p.y) < 90);
      let position = origin;
      for (let i = 0; i < 40 && taken(position); i += 1) position = { x: origin.x + Math.floor(i / 6) * 220, y: origin.y + ((i % 6) + 1) * 95 };
      const node: FlowNode = { id: newNodeId(type), type, position, data: initialData(type, options?.eventTypes[0]?.type), selected: true };
      recordStep(flowRef.current);
      setFlow((s) => ({ ...s, nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] }));
      setPanelFocus((n) => n + 1);
    },
    [readOnly, screenToFlowPosition, options, recordStep],
  );

  /** Connects a block to the result or a group (or disconnects it), as drawing the connection would. */
  const setParent = useCallback(
    (id: string, parent: string | undefined) => {
      if (readOnly) return;
      setConnecting(true);
      recordStep(flowRef.current);
      setFlow((s) => {
        const edges: Edge[] = s.edges.filter((e) => e.source !== id);
        if (parent) edges.push({ id: `e-${id}-${parent}`, source: id, target: parent });
        return { ...s, edges };
      });
    },
    [readOnly, recordStep],
  );

  const updateData = useCallback(
    (id: string, data: Record<string, unknown>) => {
      if (readOnly) return;
      recordStep(flowRef.current);
      setFlow((s) => ({ ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, data } : n)) }));
    },
    [recordStep, readOnly],
  );

  /** Rolls the draft back to a published version: one undoable step; saving (and publishing) makes it count. */
  const copyToDraft = useCallback(
    (version: number) => {
      const graph = graphOfVersion(version);
      if (!detail.canEdit || !graph) return;
      recordStep(flowRef.current);
      setFlow(fromSegmentGraph(graph));
      fitDraftNext.current = true;
      setView('draft');
    },
    [detail.canEdit, graphOfVersion, recordStep],
  );

  const selectNode = (id: string) => setFlow((s) => ({ ...s, nodes: s.nodes.map((n) => ({ ...n, selected: n.id === id })) }));

  useEffect(() => {
    if (readOnly) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isEditingText(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [readOnly, undo, redo]);

  const counts = viewing ? noCounts : blockCounts.counts;
  const ctx: CanvasContextValue = useMemo(
    () => ({ t, localise, errorsByNode, options, readOnly, language, blockCounts: counts }),
    [t, localise, errorsByNode, options, readOnly, language, counts],
  );
  const shown = viewing ? publishedFlow : flow;
  const selected = shown.nodes.find((n) => n.selected);
  const ariaLabelConfig = useMemo(() => canvasAriaLabels(t), [t]);

  // Where the selected block may be connected: the result or a group, never itself or a block inside it.
  const parentChoices: ParentChoice[] = useMemo(() => {
    if (!selected) return [];
    const inside = new Set<string>([selected.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const e of shown.edges)
        if (inside.has(e.target) && !inside.has(e.source)) {
          inside.add(e.source);
          grew = true;
        }
    }
    const seen = new Map<string, number>();
    return shown.nodes
      .filter((n) => inputTypes.has(String(n.type)))
      .map((n) => {
        const k = (seen.get(String(n.type)) ?? 0) + 1;
        seen.set(String(n.type), k);
        return { n, label: n.type === 'audience' ? t('block_audience') : `${t(`block_${n.type}`)} ${k}` };
      })
      .filter(({ n }) => !inside.has(n.id))
      .map(({ n, label }) => ({ id: n.id, label }));
  }, [selected, shown, t]);
  const parentOf = selected ? shown.edges.find((e) => e.source === selected.id)?.target : undefined;
  const onlyConnectionProblems = !compiled.ok && !connecting && compiled.errors.every((e) => connectionProblems.has(String(e.code)));

  return (
    <CanvasContext.Provider value={ctx}>
      <div data-testid="segment-builder">
        <style>{canvasFocusCss}</style>
        <Toolbar
          detail={detail}
          graph={graph}
          compiles={compiled.ok}
          history={history}
          onDetail={onDetail}
          view={viewing ? 'published' : 'draft'}
          viewedVersion={viewedVersion}
          onView={(v) => switchView(v)}
          onSaved={(g) => setSavedKey(JSON.stringify(g))}
        />
        {dirty && (
          <div data-testid="unsaved-changes" role="status" style={{ fontSize: 13, color: '#7d5700', marginBottom: 6 }}>
            {t('unsavedChanges')}
          </div>
        )}
        <div style={{ display: 'flex', gap: 12, alignItems: 'stretch' }}>
          <Palette onAdd={addBlock} />
          <div
            ref={canvasBox}
            style={{ flex: 1, height: 620, border: `1px solid ${viewing ? '#1a7f37' : '#d0d7de'}`, borderRadius: 6, background: viewing ? '#f6fff8' : '#fff' }}
            data-testid="segment-canvas"
            data-view={viewing ? 'published' : 'draft'}
            data-counting={blockCounts.loading ? 'true' : 'false'}
            onDragOver={(e) => {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
            }}
            onDrop={onDrop}
          >
            <ReactFlow<FlowNode>
              nodes={shown.nodes}
              edges={shown.edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              ariaLabelConfig={ariaLabelConfig}
              isValidConnection={isValidConnection}
              onNodeDragStart={() => !readOnly && recordStep(flowRef.current)}
              nodesDraggable={!readOnly}
              nodesConnectable={!readOnly}
              deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
              defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed } }}
              // A drawn graph is fitted into view; an empty canvas keeps 1:1 (moved so the result block is in view, above).
              fitView={start !== null}
              fitViewOptions={{ maxZoom: 1 }}
              defaultViewport={{ x: 0, y: 0, zoom: 1 }}
              proOptions={{ hideAttribution: true }}
            >
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
          <div style={{ width: 280 }}>
            <SidePanel node={selected} segmentId={detail.id} onChange={updateData} parents={parentChoices} parentOf={parentOf} onParent={setParent} focusToken={panelFocus} />
            {viewing ? (
              <div data-testid="published-summary" style={{ borderTop: '1px solid #d0d7de', marginTop: 12, paddingTop: 12, fontSize: 13 }}>
                <div style={{ fontWeight: 700 }}>{t('view_published', { version: viewedVersion })}</div>
                {viewedVersion === detail.publishedVersion && <div>{t('publishedMembers', { count: countText(detail.memberCount, detail.countsFewerThan, t) })}</div>}
              </div>
            ) : (
              <LiveAudience state={preview} compiles={compiled.ok} notStarted={onlyConnectionProblems} />
            )}
          </div>
        </div>
        {viewing && (
          <VersionList detail={detail} viewedVersion={viewedVersion} onView={(v) => switchView('published', v)} onCopyToDraft={detail.canEdit ? copyToDraft : undefined} />
        )}
        {errors.length > 0 && (
          <ul data-testid="compile-errors" aria-label={t('problemsTitle')} style={{ color: '#cf222e', fontSize: 13, marginTop: 8 }}>
            {errors.map((e, i) => (
              <li key={i}>
                {e.nodeId ? (
                  <button
                    type="button"
                    className="segment-problem-link"
                    onClick={() => selectNode(e.nodeId!)}
                    style={{ background: 'none', border: 'none', padding: 0, color: '#cf222e', cursor: 'pointer', textAlign: 'left', font: 'inherit' }}
                  >
                    {`${t(`block_${shown.nodes.find((n) => n.id === e.nodeId)?.type ?? 'unknown'}`)}: `}
                    {e.message}
                  </button>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        )}
        {leave.asking && (
          <ConfirmDialog
            testId="leave-dialog"
            title={t('leaveTitle')}
            text={t('leaveConfirm')}
            confirmLabel={t('leaveAnyway')}
            cancelLabel={t('leaveStay')}
            danger
            onConfirm={leave.proceed}
            onCancel={leave.stay}
          />
        )}
      </div>
    </CanvasContext.Provider>
  );
};

/**
 * The segment builder (record action `design`): blocks dragged from the
 * palette, connected child -> parent into the audience, parameters in the
 * side panel, compiler errors on the blocks, a live count from the server.
 * React Flow's stylesheet is served by the console as a static asset
 * (AdminJS's bundler cannot import CSS).
 */
const noCounts = {};

const SegmentCanvas: React.FC<ActionProps> = ({ record }) => {
  const { translateMessage, i18n } = useTranslation();
  const t: Translate = useCallback((key, opts) => translateMessage(key, 'Segment', opts as never), [translateMessage]);
  const language = i18n.language;
  const localise = useCallback(((problems) => localiseProblems(problems, language, t)) as Localise, [language, t]);
  const [detail, setDetail] = useState<SegmentDetail | null>(null);
  const [options, setOptions] = useState<SegmentOptions | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const id = record?.id ? String(record.id) : undefined;
  useEffect(() => {
    if (!id) return;
    segmentApi
      .get(id)
      .then((r) => (r.ok ? setDetail(r) : setFailed(r.error ?? `HTTP ${r.status}`)))
      .catch((e: unknown) => setFailed(String(e)));
    // Without options the panel still works, with fewer choices.
    segmentApi
      .options()
      .then((r) => r.ok && setOptions(r))
      .catch(() => undefined);
  }, [id]);
  if (failed)
    return (
      <div data-testid="canvas-load-failed">
        {t('loadFailed')} {failed}
      </div>
    );
  if (!detail) return <div data-testid="canvas-loading">{t('loading')}</div>;
  return (
    <ReactFlowProvider>
      <Canvas detail={detail} options={options} t={t} localise={localise} onDetail={setDetail} language={language.startsWith('en') ? 'en' : 'ko'} />
    </ReactFlowProvider>
  );
};

export default SegmentCanvas;
