import React from 'react';
import { Button } from '@adminjs/design-system';
import { useCanvas } from './canvas-context.js';
import { countText, type SegmentDetail } from './segment-api.js';

const cell: React.CSSProperties = { textAlign: 'left', padding: '4px 8px', borderBottom: '1px solid #d0d7de' };

/**
 * The published versions, newest first: when, by whom, how many customers
 * each had when it was published. Any of them can be looked at on the canvas
 * and, for those who edit, copied into the draft (a roll-back that still goes
 * through save and publish, so it is versioned and audited like any change).
 */
export const VersionList: React.FC<{
  detail: SegmentDetail;
  viewedVersion: number | null;
  onView: (version: number) => void;
  onCopyToDraft?: (version: number) => void;
}> = ({ detail, viewedVersion, onView, onCopyToDraft }) => {
  const { t } = useCanvas();
  if (!detail.versions.length) return null;
  return (
    <div style={{ marginTop: 12, fontSize: 13 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 4 }}>
        <span style={{ fontWeight: 700 }}>{t('versionsTitle')}</span>
        {onCopyToDraft && viewedVersion !== null && (
          <Button type="button" size="sm" variant="outlined" data-testid="copy-to-draft" onClick={() => onCopyToDraft(viewedVersion)}>
            {t('copyToDraft', { version: viewedVersion })}
          </Button>
        )}
      </div>
      <table data-testid="version-list" style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            {['version', 'publishedAt', 'publishedBy', 'members'].map((c) => (
              <th key={c} style={cell}>
                {t(`version_${c}`)}
              </th>
            ))}
            <th style={cell} />
          </tr>
        </thead>
        <tbody>
          {detail.versions.map((v) => (
            <tr
              key={v.version}
              data-testid={`version-row-${v.version}`}
              aria-current={v.version === viewedVersion ? 'true' : undefined}
              style={{ background: v.version === viewedVersion ? '#eaf5ff' : undefined }}
            >
              <td style={cell}>
                v{v.version}
                {v.version === detail.publishedVersion ? ` (${t('version_current')})` : ''}
              </td>
              <td style={cell}>{new Date(v.publishedAt).toLocaleString('ko-KR')}</td>
              <td style={cell}>{v.publishedBy ?? '-'}</td>
              <td style={cell} data-testid={`version-members-${v.version}`}>
                {countText(v.memberCountAtPublish, detail.countsFewerThan, t)}
              </td>
              <td style={cell}>
                {v.version === viewedVersion ? (
                  <span data-testid={`version-viewing-${v.version}`}>{t('version_viewing')}</span>
                ) : (
                  <Button type="button" size="sm" variant="text" data-testid={`version-view-${v.version}`} onClick={() => onView(v.version)}>
                    {t('version_view')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
