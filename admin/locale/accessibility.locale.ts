import type { FeatureLocale } from './feature-locales.js';

/**
 * Texts of the console shell's accessibility and language features in both
 * languages (merged by index.ts; see feature-locales.ts): accessible names
 * given to AdminJS's nameless widgets (admin/components/accessible-names.ts),
 * the empty list under a filter (no-records.tsx), the sign-in page (login.tsx).
 */
export const accessibilityLocale: FeatureLocale = {
  ko: {
    labels: {
      pagination_first: '첫 페이지',
      pagination_previous: '이전 페이지',
      pagination_next: '다음 페이지',
      pagination_last: '마지막 페이지',
      selectRecord: '이 행 선택',
      selectAllRecords: '이 페이지의 모든 행 선택',
      closeFilters: '필터 닫기',
      recordActions: '이 행의 작업',
      moreActions: '작업 더 보기',
      skipToContent: '본문으로 건너뛰기',
      selectPlaceholder: '선택하세요',
      selectNoOptions: '선택할 항목이 없습니다',
      selectLoading: '불러오는 중…',
    },
    messages: {
      noMatchingRecords: '검색 조건에 맞는 데이터가 없습니다',
      noMatchingRecordsHint: '필터나 검색어를 바꾸거나 초기화해 보세요.',
    },
    components: {
      Login: {
        welcomeMessage: '직원 계정으로 로그인하세요.',
        languages: '언어 선택',
      },
    },
  },
  en: {
    labels: {
      pagination_first: 'First page',
      pagination_previous: 'Previous page',
      pagination_next: 'Next page',
      pagination_last: 'Last page',
      selectRecord: 'Select this row',
      selectAllRecords: 'Select all rows on this page',
      closeFilters: 'Close filters',
      recordActions: 'Actions for this row',
      moreActions: 'More actions',
      skipToContent: 'Skip to main content',
      selectPlaceholder: 'Select…',
      selectNoOptions: 'No options',
      selectLoading: 'Loading…',
    },
    messages: {
      noMatchingRecords: 'Nothing matches the search',
      noMatchingRecordsHint: 'Change or reset the filters or the search terms.',
    },
    components: {
      Login: {
        welcomeMessage: 'Sign in with your staff account.',
        languages: 'Language',
      },
    },
  },
};
