import React from 'react';
import { labelOr, useCanvas } from './canvas-context.js';
import type { PreviewState } from './use-live-preview.js';
import { countText } from './segment-api.js';

/** The live audience: how many customers the current canvas selects, and a few of them (names masked by the server). */
export const LiveAudience: React.FC<{ state: PreviewState; compiles: boolean; notStarted?: boolean }> = ({ state, compiles, notStarted }) => {
  const { t } = useCanvas();
  const result = state.kind === 'done' ? state.result : state.kind === 'loading' ? state.last : undefined;
  return (
    <div data-testid="live-audience" data-state={state.kind} style={{ borderTop: '1px solid #d0d7de', marginTop: 12, paddingTop: 12, fontSize: 13 }}>
      <h2 style={{ fontWeight: 700, fontSize: 15, margin: 0 }}>{t('liveTitle')}</h2>
      {!compiles && (
        <div style={{ color: '#57606a' }} data-testid="live-invalid">
          {notStarted ? t('liveConnectFirst') : t('liveNeedsValidGraph')}
        </div>
      )}
      {compiles && state.kind === 'idle' && <div style={{ color: '#57606a' }}>{t('liveWaiting')}</div>}
      {state.kind === 'failed' && (
        <div style={{ color: '#cf222e' }} data-testid="live-error">
          {t('liveFailed')} {state.message}
        </div>
      )}
      {compiles && result && (
        <div style={{ opacity: state.kind === 'loading' ? 0.5 : 1 }}>
          <div style={{ fontSize: 28, fontWeight: 700 }}>
            <span data-testid="live-count" data-count={result.count ?? ''} data-fewer-than={result.fewerThan ?? ''}>
              {countText(result.count, result.fewerThan, t)}
            </span>
            {result.count !== null && <span style={{ fontSize: 14, fontWeight: 400 }}> {t('peopleUnit')}</span>}
          </div>
          <div data-testid="live-exactness" style={{ color: result.timedOut ? '#9a6700' : '#57606a' }}>
            {result.timedOut
              ? t('liveTimedOut')
              : result.fewerThan !== undefined && result.count === null
                ? t('liveCoarsened', { count: result.fewerThan })
                : result.exact
                  ? t('liveExact')
                  : t('liveEstimate')}{' '}
            · {t('liveElapsed', { count: result.elapsedMs })}
          </div>
          {result.sampleWithheld && (
            <div data-testid="live-sample-withheld" style={{ color: '#57606a' }}>
              {t('liveSampleWithheld')}
            </div>
          )}
          {result.sample.length > 0 && (
            <table data-testid="live-sample" style={{ width: '100%', marginTop: 6, borderCollapse: 'collapse' }}>
              <thead>
                <tr>
                  {['customerNo', 'name', 'region'].map((c) => (
                    <th key={c} style={{ textAlign: 'left' }}>
                      {t(`sample_${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.sample.slice(0, 5).map((c) => (
                  <tr key={c.id}>
                    <td>{c.customerNo}</td>
                    <td>{c.name}</td>
                    <td>{c.region ? labelOr(t, `enum_region_${c.region}`, c.region) : '-'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
};
