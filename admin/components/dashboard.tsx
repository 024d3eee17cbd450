import React, { useEffect, useState } from 'react';
import { ApiClient, useCurrentAdmin, useTranslation } from 'adminjs';
import { Box, H2, H5, Text, Loader } from '@adminjs/design-system';

interface DashboardData {
  stats: Array<{ key: string; value: number }>;
}

/**
 * Landing page: who is signed in, in which role, and the figures that role
 * may see (computed and authorised server-side by the dashboard handler).
 */
const Dashboard: React.FC = () => {
  const [currentAdmin] = useCurrentAdmin();
  const { translateMessage, translateLabel } = useTranslation();
  const [data, setData] = useState<DashboardData | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    new ApiClient()
      .getDashboard()
      .then((res) => setData(res.data as DashboardData))
      .catch(() => setFailed(true));
  }, []);

  const name = (currentAdmin?.title as string) || currentAdmin?.email || '';
  const role = String(currentAdmin?.role ?? '');
  return (
    <Box variant="grey" data-testid="bank-dashboard">
      <Box variant="white" mb="xl" p="xl">
        <H2>{translateMessage('dashboardWelcome', undefined, { name })}</H2>
        <Text>{translateMessage('dashboardRole', undefined, { role: translateLabel(`role.${role}`, 'Staff') })}</Text>
      </Box>
      {failed && <Text>{translateMessage('dashboardUnavailable')}</Text>}
      {!data && !failed && <Loader />}
      {data && (
        <Box flex flexDirection="row" flexWrap="wrap">
          {data.stats.map((s) => (
            <Box key={s.key} variant="white" p="xl" mr="lg" mb="lg" width={[1, 1 / 2, 1 / 4]} data-testid={`stat-${s.key}`}>
              <H5>{translateMessage(`stat_${s.key}`)}</H5>
              <H2>{s.value.toLocaleString('ko-KR')}</H2>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
};

export default Dashboard;
