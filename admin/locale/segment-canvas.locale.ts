/**
 * Messages of the segment builder canvas (admin/components/segment-canvas*),
 * spread into resources.Segment.messages of ko.ts and en.ts. Flat keys;
 * i18next reads ':' as a namespace separator, so no message contains one.
 * Enum labels are `enum_<field>_<CODE>`; a code without a label (tags, event
 * types from the data) is shown as it is.
 */

const regionsKo = {
  enum_region_SEOUL: '서울', enum_region_BUSAN: '부산', enum_region_DAEGU: '대구', enum_region_INCHEON: '인천',
  enum_region_GWANGJU: '광주', enum_region_DAEJEON: '대전', enum_region_ULSAN: '울산', enum_region_SEJONG: '세종',
  enum_region_GYEONGGI: '경기', enum_region_GANGWON: '강원', enum_region_CHUNGBUK: '충북', enum_region_CHUNGNAM: '충남',
  enum_region_JEONBUK: '전북', enum_region_JEONNAM: '전남', enum_region_GYEONGBUK: '경북', enum_region_GYEONGNAM: '경남',
  enum_region_JEJU: '제주',
};

const regionsEn = {
  enum_region_SEOUL: 'Seoul', enum_region_BUSAN: 'Busan', enum_region_DAEGU: 'Daegu', enum_region_INCHEON: 'Incheon',
  enum_region_GWANGJU: 'Gwangju', enum_region_DAEJEON: 'Daejeon', enum_region_ULSAN: 'Ulsan', enum_region_SEJONG: 'Sejong',
  enum_region_GYEONGGI: 'Gyeonggi', enum_region_GANGWON: 'Gangwon', enum_region_CHUNGBUK: 'Chungbuk', enum_region_CHUNGNAM: 'Chungnam',
  enum_region_JEONBUK: 'Jeonbuk', enum_region_JEONNAM: 'Jeonnam', enum_region_GYEONGBUK: 'Gyeongbuk', enum_region_GYEONGNAM: 'Gyeongnam',
  enum_region_JEJU: 'Jeju',
};

export const segmentCanvasMessagesKo: Record<string, string> = {
  block_audience: '대상 고객 (결과)', block_and: 'AND 그룹', block_or: 'OR 그룹', block_not: 'NOT (제외)',
  block_attribute: '고객 속성', block_holding: '보유 상품', block_event: '행동 이벤트', block_segment: '다른 세그먼트 소속',
  block_unknown: '블록',
  blockHint_and: '모든 조건을 만족', blockHint_or: '하나 이상의 조건을 만족', blockHint_not: '연결된 조건을 만족하지 않음',
  blockHelp_and: '연결된 모든 조건을 만족하는 고객입니다. 조건 블록의 오른쪽 점을 이 블록의 왼쪽 점으로 끌어 연결하세요.',
  blockHelp_or: '연결된 조건 중 하나 이상을 만족하는 고객입니다.',
  blockHelp_not: '연결된 하나의 조건(또는 그룹)을 만족하지 않는 고객입니다.',
  blockHelp_audience: '세그먼트의 결과입니다. 최상위 조건 또는 그룹 하나를 연결하세요.',
  paletteTitle: '블록', paletteHint: '블록을 캔버스로 끌어다 놓고, 오른쪽 점에서 그룹의 왼쪽 점으로 연결하세요.',
  selectBlock: '블록을 선택하면 조건을 편집할 수 있습니다.',

  field_status: '고객 상태', field_age: '나이', field_gender: '성별', field_birthDate: '생년월일', field_region: '지역',
  field_branch: '관리 지점', field_propensity: '투자성향', field_riskGrade: '고객위험등급', field_segmentLabel: '고객 등급 라벨',
  field_customerNo: '고객번호', field_assignedStaff: '담당 직원', field_consentSms: 'SMS 수신 동의', field_consentEmail: '이메일 수신 동의',
  field_consentPush: '푸시 수신 동의', field_consentNight: '야간 수신 동의', field_tags: '태그', field_customerSince: '가입일',
  field_statusChangedAt: '상태 변경일',

  op_in: '다음 중 하나', op_notIn: '다음이 아님', op_eq: '같음', op_neq: '같지 않음', op_startsWith: '다음으로 시작',
  op_contains: '포함', op_gte: '이상', op_lte: '이하', op_between: '범위', op_is: '여부', op_before: '이전',
  op_after: '이후', op_withinLastDays: '최근 N일 이내', op_hasAny: '하나라도 있음', op_hasAll: '모두 있음', op_hasNone: '하나도 없음',
  op_atLeast: 'N회 이상', op_atMost: 'N회 이하',

  ...regionsKo,
  enum_status_ACTIVE: '정상', enum_status_DORMANT: '휴면', enum_status_SUSPENDED: '거래중지', enum_status_WITHDRAWN: '탈퇴',
  enum_gender_M: '남성', enum_gender_F: '여성',
  enum_propensity_STABLE: '안정형', enum_propensity_STABLE_SEEKING: '안정추구형', enum_propensity_NEUTRAL: '위험중립형',
  enum_propensity_ACTIVE: '적극투자형', enum_propensity_AGGRESSIVE: '공격투자형',
  enum_riskGrade_LOW: '저위험', enum_riskGrade_MEDIUM: '중위험', enum_riskGrade_HIGH: '고위험',
  productType_DEPOSIT: '예금', productType_SAVINGS: '적금', productType_LOAN: '대출', productType_FUND: '펀드',
  productType_INSURANCE: '보험', productType_CARD: '카드',

  param_field: '항목', param_op: '조건', param_values: '값 (하나 이상 선택)', param_value: '값', param_min: '최소', param_max: '최대',
  param_from: '시작일', param_to: '종료일', param_days: '일수', param_mode: '보유 여부', param_productType: '상품 유형',
  param_productCode: '상품', param_minAmount: '최소 금액 (원)', param_maxAmount: '최대 금액 (원)', param_openedWithinDays: '최근 N일 이내 가입',
  param_eventType: '이벤트 유형', param_times: '횟수', param_window: '기간', param_segment: '세그먼트',
  window_lastDays: '최근 N일', window_between: '기간 지정',
  mode_holds: '보유', mode_notHolds: '미보유', anyProduct: '모든 상품', yes: '예', no: '아니오',
  daysCount: '{{count}}일', lastDays: '최근 {{count}}일', eventOp_atLeast: '{{count}}회 이상', eventOp_atMost: '{{count}}회 이하',

  liveTitle: '실시간 대상 고객 수', liveNeedsValidGraph: '오류를 고치면 대상 고객 수를 계산합니다.', liveWaiting: '계산 대기 중…',
  liveFailed: '대상 고객 수를 계산하지 못했습니다.', peopleUnit: '명', liveExact: '정확한 집계',
  liveEstimate: '추정치', liveTimedOut: '집계 시간 초과 — 일부만 집계된 값입니다', liveElapsed: '{{count}}ms',
  sample_customerNo: '고객번호', sample_name: '이름', sample_region: '지역',

  filter_title: '이벤트 속성 필터', filter_none: '필터 없음 — 이 유형의 모든 이벤트를 셉니다.', filter_add: '+ 속성 필터 추가',
  filter_remove: '필터 삭제', filter_max: '속성 필터는 최대 {{count}}개입니다.', filter_property: '속성 이름', filter_valueType: '값 형식',
  filterOp_eq: '같음 (=)', filterOp_neq: '같지 않음 (≠)', filterOp_gt: '초과 (>)', filterOp_gte: '이상 (≥)', filterOp_lt: '미만 (<)', filterOp_lte: '이하 (≤)',
  valueType_text: '텍스트', valueType_number: '숫자', valueType_boolean: '참/거짓', valueTrue: '참', valueFalse: '거짓',
  tagNewPlaceholder: '새 태그 입력', tagAdd: '추가', tagNoComma: '태그에는 쉼표를 쓸 수 없습니다.', tagTooLong: '태그는 60자 이하입니다.',
  tagAlreadyChosen: '이미 선택한 태그입니다.',
  view_draft: '초안', view_published: '게시 버전 v{{version}}', viewingPublished: '게시 버전 v{{version}} 보기 — 읽기 전용, 편집은 초안에서 합니다.',
  versionsTitle: '게시 이력', version_version: '버전', version_publishedAt: '게시 일시', version_publishedBy: '게시자',
  version_members: '게시 시 대상 고객', version_current: '현재', publishedMembers: '현재 대상 고객 {{count}}명',
  version_view: '보기', version_viewing: '보는 중', copyToDraft: 'v{{version}}을(를) 초안으로 불러오기',
  status_DRAFT: '초안', status_PUBLISHED: '게시됨', status_ARCHIVED: '보관됨',
  publishedVersion: '게시 버전 v{{version}} · 대상 {{count}}명', notPublished: '아직 게시되지 않음', readOnly: '읽기 전용',
  undo: '실행 취소', redo: '다시 실행', saveDraft: '초안 저장', publish: '게시',
  publishConfirm: '현재 캔버스를 새 버전으로 게시할까요? 게시된 버전은 수정할 수 없으며 대상 고객이 즉시 다시 계산됩니다.',
  published: 'v{{version}} 게시 완료 — 대상 {{count}}명 (신규 {{entered}}, 이탈 {{exited}})',
  saved: '초안을 저장했습니다.', savedWithErrors: '초안을 저장했습니다 (고칠 오류 {{count}}개).',
  requestFailed: '요청이 실패했습니다.', loadFailed: '세그먼트를 불러오지 못했습니다.', loading: '불러오는 중…',
};

export const segmentCanvasMessagesEn: Record<string, string> = {
  block_audience: 'Audience (result)', block_and: 'AND group', block_or: 'OR group', block_not: 'NOT (exclude)',
  block_attribute: 'Customer attribute', block_holding: 'Holding', block_event: 'Behaviour event', block_segment: 'Member of segment',
  block_unknown: 'Block',
  blockHint_and: 'all conditions', blockHint_or: 'at least one condition', blockHint_not: 'does not match its input',
  blockHelp_and: 'Customers matching every connected condition. Drag from a block\'s right dot to this block\'s left dot to connect it.',
  blockHelp_or: 'Customers matching at least one connected condition.',
  blockHelp_not: 'Customers not matching the one connected condition (or group).',
  blockHelp_audience: 'The result of the segment. Connect one top-level condition or group.',
  paletteTitle: 'Blocks', paletteHint: 'Drag blocks onto the canvas, then connect a right dot to a group\'s left dot.',
  selectBlock: 'Select a block to edit its condition.',

  field_status: 'Customer status', field_age: 'Age', field_gender: 'Gender', field_birthDate: 'Birth date', field_region: 'Region',
  field_branch: 'Branch', field_propensity: 'Investment propensity', field_riskGrade: 'Risk grade', field_segmentLabel: 'Segment label',
  field_customerNo: 'Customer number', field_assignedStaff: 'Assigned staff', field_consentSms: 'SMS consent', field_consentEmail: 'E-mail consent',
  field_consentPush: 'Push consent', field_consentNight: 'Night-time consent', field_tags: 'Tags', field_customerSince: 'Customer since',
  field_statusChangedAt: 'Status changed',

  op_in: 'is one of', op_notIn: 'is none of', op_eq: 'equals', op_neq: 'does not equal', op_startsWith: 'starts with',
  op_contains: 'contains', op_gte: 'at least', op_lte: 'at most', op_between: 'between', op_is: 'is', op_before: 'before',
  op_after: 'after', op_withinLastDays: 'within the last N days', op_hasAny: 'has any of', op_hasAll: 'has all of', op_hasNone: 'has none of',
  op_atLeast: 'at least N times', op_atMost: 'at most N times',

  ...regionsEn,
  enum_status_ACTIVE: 'Active', enum_status_DORMANT: 'Dormant', enum_status_SUSPENDED: 'Suspended', enum_status_WITHDRAWN: 'Withdrawn',
  enum_gender_M: 'Male', enum_gender_F: 'Female',
  enum_propensity_STABLE: 'Stable', enum_propensity_STABLE_SEEKING: 'Stability-seeking', enum_propensity_NEUTRAL: 'Risk-neutral',
  enum_propensity_ACTIVE: 'Active', enum_propensity_AGGRESSIVE: 'Aggressive',
  enum_riskGrade_LOW: 'Low', enum_riskGrade_MEDIUM: 'Medium', enum_riskGrade_HIGH: 'High',
  productType_DEPOSIT: 'Deposit', productType_SAVINGS: 'Savings', productType_LOAN: 'Loan', productType_FUND: 'Fund',
  productType_INSURANCE: 'Insurance', productType_CARD: 'Card',

  param_field: 'Field', param_op: 'Condition', param_values: 'Values (choose at least one)', param_value: 'Value', param_min: 'Minimum',
  param_max: 'Maximum', param_from: 'From', param_to: 'To', param_days: 'Days', param_mode: 'Holds or not', param_productType: 'Product type',
  param_productCode: 'Product', param_minAmount: 'Minimum amount (KRW)', param_maxAmount: 'Maximum amount (KRW)',
  param_openedWithinDays: 'Opened within the last N days', param_eventType: 'Event type', param_times: 'Times', param_window: 'Period',
  param_segment: 'Segment',
  window_lastDays: 'Last N days', window_between: 'Between dates',
  mode_holds: 'Holds', mode_notHolds: 'Does not hold', anyProduct: 'Any product', yes: 'Yes', no: 'No',
  daysCount: '{{count}} days', lastDays: 'last {{count}} days', eventOp_atLeast: 'at least {{count}} times', eventOp_atMost: 'at most {{count}} times',

  liveTitle: 'Live audience', liveNeedsValidGraph: 'Fix the errors to count the audience.', liveWaiting: 'Waiting to count…',
  liveFailed: 'Could not count the audience.', peopleUnit: 'customers', liveExact: 'exact count',
  liveEstimate: 'estimate', liveTimedOut: 'Counting timed out — the figure is partial', liveElapsed: '{{count}} ms',
  sample_customerNo: 'Customer no.', sample_name: 'Name', sample_region: 'Region',

  filter_title: 'Event property filters', filter_none: 'No filter — every event of this type counts.', filter_add: '+ Add a property filter',
  filter_remove: 'Remove filter', filter_max: 'At most {{count}} property filters.', filter_property: 'Property name', filter_valueType: 'Value type',
  filterOp_eq: 'equals (=)', filterOp_neq: 'does not equal (≠)', filterOp_gt: 'greater than (>)', filterOp_gte: 'at least (≥)', filterOp_lt: 'less than (<)', filterOp_lte: 'at most (≤)',
  valueType_text: 'Text', valueType_number: 'Number', valueType_boolean: 'True/false', valueTrue: 'true', valueFalse: 'false',
  tagNewPlaceholder: 'New tag', tagAdd: 'Add', tagNoComma: 'A tag may not contain a comma.', tagTooLong: 'A tag has at most 60 characters.',
  tagAlreadyChosen: 'This tag is already chosen.',
  view_draft: 'Draft', view_published: 'Published v{{version}}', viewingPublished: 'Viewing published version v{{version}} — read-only; edit the draft.',
  versionsTitle: 'Published versions', version_version: 'Version', version_publishedAt: 'Published at', version_publishedBy: 'Published by',
  version_members: 'Customers at publish', version_current: 'current', publishedMembers: '{{count}} customers now',
  version_view: 'View', version_viewing: 'viewing', copyToDraft: 'Copy v{{version}} into the draft',
  status_DRAFT: 'Draft', status_PUBLISHED: 'Published', status_ARCHIVED: 'Archived',
  publishedVersion: 'Published version v{{version}} · {{count}} customers', notPublished: 'Not published yet', readOnly: 'Read-only',
  undo: 'Undo', redo: 'Redo', saveDraft: 'Save draft', publish: 'Publish',
  publishConfirm: 'Publish the current canvas as a new version? Published versions cannot be changed, and membership is recomputed at once.',
  published: 'Published v{{version}} — {{count}} customers ({{entered}} entered, {{exited}} left)',
  saved: 'Draft saved.', savedWithErrors: 'Draft saved ({{count}} errors to fix).',
  requestFailed: 'The request failed.', loadFailed: 'Could not load the segment.', loading: 'Loading…',
};
