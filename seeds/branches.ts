/** Demo branches of a fisheries-cooperative bank (영업점), spread over several regions. */
export const demoBranches = [
  { code: 'B001', name: '부산중앙지점', region: 'BUSAN' },
  { code: 'B002', name: '서울본점', region: 'SEOUL' },
  { code: 'B003', name: '인천연안부두지점', region: 'INCHEON' },
  { code: 'B004', name: '목포지점', region: 'JEONNAM' },
  { code: 'B005', name: '포항죽도지점', region: 'GYEONGBUK' },
  { code: 'B006', name: '통영지점', region: 'GYEONGNAM' },
  { code: 'B007', name: '제주지점', region: 'JEJU' },
  { code: 'B008', name: '강릉주문진지점', region: 'GANGWON' },
] as const;
