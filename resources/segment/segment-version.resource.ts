import type { ResourceWithOptions } from 'adminjs';
import { SegmentVersion } from './segment-version.entity.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { withCoarsenedCounts } from './coarsened-counts.hook.js';

/** Published versions: read-only history (immutable by construction: no write action exists). */
export const segmentVersionResource: ResourceWithOptions = {
  resource: SegmentVersion,
  options: {
    navigation: { name: 'marketing', icon: 'Target' },
    sort: { sortBy: 'publishedAt', direction: 'desc' },
    listProperties: ['segmentId', 'version', 'publishedAt', 'publishedBy', 'memberCountAtPublish'],
    filterProperties: ['segmentId', 'version', 'publishedAt'],
    showProperties: ['segmentId', 'version', 'publishedAt', 'publishedBy', 'memberCountAtPublish', 'definition'],
    properties: {
      segmentId: { reference: 'Segment' },
      publishedBy: { reference: 'Staff' },
      graph: { isVisible: false },
      // Coarsened below SEGMENT_MIN_AUDIENCE for roles that see customers masked (coarsened-counts.hook.ts).
      memberCountAtPublish: { isSortable: false },
    },
    actions: guardedActions(
      'SegmentVersion',
      withCoarsenedCounts(
        {
          new: { isAccessible: false, isVisible: false },
          edit: { isAccessible: false, isVisible: false },
          delete: { isAccessible: false, isVisible: false },
          bulkDelete: { isAccessible: false, isVisible: false },
          list: {},
          show: {},
          search: {},
        },
        'memberCountAtPublish',
      ),
    ),
  },
};
