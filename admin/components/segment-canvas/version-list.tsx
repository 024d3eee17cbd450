import React from 'react';
import { useCanvas } from './canvas-context.js';
import type { SegmentDetail } from './segment-api.js';

const cell: React.CSSProperties = { textAlign: 'left', padding: '4px 8px', borderBottom: '1px solid #d0d7de' };

/** The published versions, newest first: when, by whom, and how many customers each had when it was published. */
export const VersionList: React.FC<{ detail: SegmentDetail }> = ({ detail }) => {
  const { t } = useCanvas();
  if (!detail.versions.length) return null;
  return (
    <div style={{ marginTop: 12, fontSize: 13 }}>
      <div style={{ fontWeight: 700, marginBottom: 4 }}>{t('versionsTitle')}</div>
      <table data-testid="version-list" style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr>{['version', 'publishedAt', 'publishedBy', 'members'].map((c) => <th key={c} style={cell}>{t(`version_${c}`)}</th>)}</tr>
        </thead>
        <tbody>
          {detail.versions.map((v) => (
            <tr key={v.version} data-testid={`version-row-${v.version}`}>
              <td style={cell}>v{v.version}{v.version === detail.publishedVersion ? ` (${t('version_current')})` : ''}</td>
              <td style={cell}>{new Date(v.publishedAt).toLocaleString('ko-KR')}</td>
              <td style={cell}>{v.publishedBy ?? '-'}</td>
              <td style={cell} data-testid={`version-members-${v.version}`}>{v.memberCountAtPublish.toLocaleString('ko-KR')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
