import type { LocaleTranslations } from 'adminjs';

/**
 * Korean UI strings: the default language of the console.
 *
 * AdminJS 7.8 ships no Korean bundle (its built-in locales are de, en, es,
 * it, ja, pl, pt-BR, ua, zh-CN), so this file must hold EVERY key of
 * AdminJS's English locale (node_modules/adminjs/lib/locale/en/translation.json)
 * plus our own. A key missing here would fall through to i18next's
 * missing-key handler and show up as startCase(key) in English.
 *
 * Where AdminJS looks things up (frontend, adminjs 7.8):
 * - resource names:      labels.<ResourceId>  (resources.<Id>.labels.<Id> first)
 * - navigation groups:   labels.<navigation.name>  (never resource-scoped)
 * - property names:      resources.<Id>.properties.<propertyPath>, then properties.<propertyPath>
 * - enum / boolean values: resources.<Id>.labels.<propertyPath>.<value>, then labels.<propertyPath>.<value>
 *   (note: LABELS, not properties; `properties.role` is a string and cannot hold children)
 * - messages:            resources.<Id>.messages.<key>, then messages.<key>
 *
 * Placeholders ({{count}}, {{resourceId}}, ...) and the <1>…</1> / <strong>
 * markup must stay exactly as in the English file.
 */
export const ko: LocaleTranslations = {
  actions: {
    new: '등록',
    edit: '수정',
    show: '상세',
    delete: '삭제',
    bulkDelete: '일괄 삭제',
    list: '목록',
    search: '검색',
  },
  buttons: {
    save: '저장',
    addNewItem: '항목 추가',
    filter: '필터',
    filterActive: '필터 ({{count}})',
    applyChanges: '적용',
    resetFilter: '초기화',
    confirmRemovalMany: '{{count}}건 삭제 확인',
    confirmRemovalMany_plural: '{{count}}건 삭제 확인',
    logout: '로그아웃',
    login: '로그인',
    seeTheDocumentation: '참고: <1>문서</1>',
    createFirstRecord: '첫 데이터 등록',
    cancel: '취소',
    confirm: '확인',
    contactUs: '문의하기',
    // Used by AdminJS's modal (useModal) but missing from its English file.
    ok: '확인',
  },
  components: {
    DropZone: {
      placeholder: '파일을 여기에 끌어다 놓거나 클릭하여 선택하세요',
      acceptedSize: '최대 크기: {{maxSize}}',
      acceptedType: '지원 형식: {{mimeTypes}}',
      unsupportedSize: '{{fileName}} 파일의 크기가 허용 한도를 초과합니다',
      unsupportedType: '{{fileName}} 파일은 지원하지 않는 형식입니다: {{fileType}}',
    },
    LanguageSelector: {
      availableLanguages: {
        ko: '한국어',
        en: 'English',
        de: '독일어',
        es: '스페인어',
        it: '이탈리아어',
        ja: '일본어',
        pl: '폴란드어',
        'pt-BR': '포르투갈어(브라질)',
        ua: '우크라이나어',
        'zh-CN': '중국어',
      },
    },
    Login: {
      welcomeHeader: '환영합니다',
      welcomeMessage:
        'AdminJS는 Node.js 애플리케이션의 모든 데이터를 한곳에서 관리할 수 있도록 자동으로 생성되는, 세계적으로 널리 쓰이는 오픈소스 관리자 화면입니다',
      properties: {
        email: '이메일',
        password: '비밀번호',
      },
      loginButton: '로그인',
    },
  },
  labels: {
    // AdminJS built-in labels
    navigation: '메뉴',
    pages: '페이지',
    selectedRecords: '{{selected}}건 선택',
    filters: '필터',
    adminVersion: 'AdminJS 버전: {{version}}',
    appVersion: '앱 버전: {{version}}',
    dashboard: '대시보드',
    // Navigation groups (resource option navigation.name)
    crm: '고객 관리',
    system: '시스템 관리',
    // Resource names (resource ids)
    Staff: '직원',
    AuditLog: '감사 로그',
    Customer: '고객',
    BehaviourEvent: '행동 이벤트',
  },
  properties: {
    length: '개수',
    from: '시작',
    to: '종료',
  },
  messages: {
    // Our dashboard
    dashboardWelcome: '{{name}}님, 안녕하세요',
    dashboardRole: '역할: {{role}}',
    dashboardUnavailable: '대시보드 정보를 불러오지 못했습니다. 잠시 후 다시 시도하세요.',
    stat_activeCustomers: '정상 고객 수',
    stat_eventsLast24h: '최근 24시간 수집 행동 이벤트',
    stat_activeStaff: '활성 직원 수',
    stat_failedLoginsLast24h: '최근 24시간 로그인 실패',
    successfullyBulkDeleted: '{{count}}건이 삭제되었습니다.',
    successfullyBulkDeleted_plural: '{{count}}건이 삭제되었습니다.',
    successfullyDeleted: '선택한 데이터가 삭제되었습니다.',
    successfullyUpdated: '정상적으로 수정되었습니다.',
    thereWereValidationErrors: '입력값에 오류가 있습니다. 아래 내용을 확인하세요.',
    forbiddenError: '{{resourceId}}에 대해 {{actionName}} 작업을 수행할 권한이 없습니다.',
    anyForbiddenError: '해당 작업을 수행할 권한이 없습니다.',
    successfullyCreated: '정상적으로 등록되었습니다.',
    bulkDeleteError: '데이터를 삭제하는 중 오류가 발생했습니다. 자세한 내용은 콘솔을 확인하세요.',
    errorFetchingRecords: '데이터 목록을 조회하는 중 오류가 발생했습니다. 자세한 내용은 콘솔을 확인하세요.',
    errorFetchingRecord: '데이터를 조회하는 중 오류가 발생했습니다. 자세한 내용은 콘솔을 확인하세요.',
    noRecordsSelected: '선택된 데이터가 없습니다.',
    theseRecordsWillBeRemoved: '다음 데이터가 삭제됩니다.',
    theseRecordsWillBeRemoved_plural: '다음 데이터가 삭제됩니다.',
    pickSomeFirstToRemove: '삭제할 데이터를 먼저 선택하세요.',
    error404Resource: 'ID가 {{resourceId}}인 리소스를 찾을 수 없습니다.',
    error404Action: '{{resourceId}} 리소스에 {{actionName}} 작업이 없거나 사용 권한이 없습니다.',
    error404Record: '{{resourceId}} 리소스에 ID가 {{recordId}}인 데이터가 없거나 조회 권한이 없습니다.',
    seeConsoleForMore: '자세한 내용은 개발자 콘솔을 확인하세요...',
    noActionComponent: '이 작업에 대한 액션 컴포넌트를 구현해야 합니다.',
    noRecordsInResource: '등록된 데이터가 없습니다.',
    noRecords: '조회된 데이터가 없습니다.',
    confirmDelete: '이 항목을 삭제하시겠습니까?',
    welcomeOnBoard_title: '환영합니다!',
    welcomeOnBoard_subtitle: '이제 함께하게 되었습니다! 시작하는 데 도움이 될 몇 가지 안내를 준비했습니다:',
    addingResources_title: '리소스 추가',
    addingResources_subtitle: '사이드바에 새 리소스를 추가하는 방법을 알아보세요',
    customizeResources_title: '리소스 설정',
    customizeResources_subtitle: '동작, 속성 등을 정의하세요...',
    customizeActions_title: '액션 설정',
    customizeActions_subtitle: '기존 액션을 수정하거나 새 액션을 추가하세요',
    writeOwnComponents_title: '컴포넌트 작성',
    writeOwnComponents_subtitle: 'AdminJS의 화면 구성과 디자인을 변경하는 방법을 알아보세요',
    customDashboard_title: '대시보드 설정',
    customDashboard_subtitle: 'AdminJS 홈 화면을 원하는 대로 구성하는 방법을 알아보세요',
    roleBasedAccess_title: '역할 기반 접근 제어',
    roleBasedAccess_subtitle: 'AdminJS 사용자별 접근 권한을 정의하세요',
    community_title: 'Discord 커뮤니티 참여',
    community_subtitle: 'AdminJS 개발자 및 다른 사용자와 이야기를 나눠 보세요',
    foundBug_title: '버그를 발견하셨나요? 개선이 필요하신가요?',
    foundBug_subtitle: 'GitHub 저장소에 이슈를 등록해 주세요',
    needMoreSolutions_title: '더 고도화된 솔루션이 필요하신가요?',
    needMoreSolutions_subtitle:
      'AdminJS를 비롯한 다양한 기술을 바탕으로 완성도 높은 UX/UI 디자인과 맞춤형 소프트웨어를 제공해 드립니다',
    invalidCredentials: '이메일 또는 비밀번호가 올바르지 않습니다.',
    keyPlaceholder: '키',
    valuePlaceholder: '값',
    initialKey: '키-{{number}}',
    keyInUse: '객체 키는 중복될 수 없습니다.',
    keyValuePropertyDefaultDescription: '모든 값은 텍스트로 저장됩니다. 키는 고유해야 하며, 중복된 키는 저장되지 않습니다.',
    pageNotFound_title: '페이지를 찾을 수 없습니다',
    pageNotFound_subtitle: '<strong>"{{pageName}}"</strong> 페이지가 존재하지 않습니다',
    componentNotFound_title: '지정된 컴포넌트가 없습니다',
    componentNotFound_subtitle: '이 요소를 렌더링할 컴포넌트를 지정해야 합니다',

    // ---- Our own keys ----
    // Login page: AdminJS shows errorMessage as-is when it contains a space,
    // otherwise as translateMessage(errorMessage) WITHOUT interpolation values,
    // so the keys used as login errors must not contain placeholders.
    loginLocked: '로그인 시도가 너무 많아 계정이 일시적으로 잠겼습니다. 잠시 후 다시 시도하세요.',
    // Same text with the wait time, for code that can pass { minutes } itself.
    loginLockedMinutes: '로그인 시도가 너무 많아 계정이 잠겼습니다. {{minutes}}분 후 다시 시도하세요.',
    accountDisabled: '비활성화된 계정입니다. 관리자에게 문의하세요.',
    // Sent by @adminjs/express when its own retry limit is hit.
    tooManyRequests: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
    forbiddenAction: '이 작업을 수행할 권한이 없습니다.',
    auditReadOnly: '감사 로그는 수정하거나 삭제할 수 없습니다.',
    // Validation messages raised by resources/staff/staff.resource.ts
    invalidEmail: '올바른 이메일 주소를 입력하세요.',
    weakPassword: '비밀번호는 10자 이상이어야 하며 영문과 숫자를 모두 포함해야 합니다.',
    passwordRequired: '비밀번호를 입력하세요.',
    cannotChangeOwnRole: '본인 계정의 역할은 변경할 수 없습니다.',
    cannotDeactivateSelf: '본인 계정은 비활성화할 수 없습니다.',
    cannotDeleteSelf: '본인 계정은 삭제할 수 없습니다.',
  },
  resources: {
    Staff: {
      properties: {
        id: 'ID',
        email: '이메일',
        displayName: '이름',
        role: '역할',
        branchCode: '지점 코드',
        password: '비밀번호',
        active: '활성',
        lastLoginAt: '최근 로그인',
        createdAt: '등록일시',
        updatedAt: '수정일시',
      },
      labels: {
        role: {
          admin: '관리자',
          marketer: '마케터',
          compliance: '준법감시',
          manager: '영업 관리자',
          banker: '영업점 직원',
        },
        active: {
          true: '활성',
          false: '비활성',
        },
      },
    },
    AuditLog: {
      properties: {
        id: 'ID',
        occurredAt: '발생 시각',
        action: '작업',
        resource: '대상 리소스',
        recordId: '레코드 ID',
        actorId: '수행자 ID',
        actorEmail: '수행자',
        actorRole: '수행자 역할',
        ip: 'IP 주소',
        diff: '변경 내역',
        detail: '상세',
      },
    },
    Customer: {
      properties: {
        id: 'ID',
        customerNo: '고객번호',
        status: '상태',
        branchCode: '지점 코드',
        createdAt: '등록일시',
        updatedAt: '수정일시',
      },
      labels: {
        status: {
          ACTIVE: '정상',
          DORMANT: '휴면',
          SUSPENDED: '거래중지',
          WITHDRAWN: '탈퇴',
        },
      },
    },
    BehaviourEvent: {
      properties: {
        id: 'ID',
        eventId: '이벤트 ID',
        customerId: '고객 ID',
        customerNo: '고객번호',
        type: '이벤트 유형',
        occurredAt: '발생 시각',
        properties: '속성',
        receivedAt: '수신 시각',
        source: '출처',
      },
    },
  },
};
