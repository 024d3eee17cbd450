import React, { useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, Button, H3, Text, ValueGroup } from '@adminjs/design-system';

interface Clear {
  customerNo: string;
  name: string;
  mobile: string | null;
  email: string | null;
  birthDate: string | null;
}

/**
 * Shows a customer's contact details in clear only after an explicit click,
 * which the server records in the audit log (who, when, which customer).
 * Used as the `unmask` action page and inside the customer 360 page.
 */
export const PiiRevealPanel: React.FC<{ recordId: string }> = ({ recordId }) => {
  const { translateMessage, translateProperty } = useTranslation();
  const [clear, setClear] = useState<Clear | null>(null);
  const [failed, setFailed] = useState(false);
  const reveal = async () => {
    try {
      const res = await new ApiClient().recordAction({ resourceId: 'Customer', recordId, actionName: 'unmask', method: 'post', data: new FormData() });
      setClear((res.data as { unmasked?: Clear }).unmasked ?? null);
    } catch {
      setFailed(true);
    }
  };
  if (failed) return <Text>{translateMessage('requestFailed')}</Text>;
  if (!clear) {
    return (
      <Box>
        <Text mb="default">{translateMessage('unmaskWarning', 'Customer')}</Text>
        <Button type="button" onClick={reveal} data-testid="pii-reveal">
          {translateMessage('unmaskButton', 'Customer')}
        </Button>
      </Box>
    );
  }
  return (
    <Box data-testid="pii-clear">
      <ValueGroup label={translateProperty('name', 'Customer')} value={clear.name} />
      <ValueGroup label={translateProperty('mobile', 'Customer')} value={clear.mobile ?? '-'} />
      <ValueGroup label={translateProperty('email', 'Customer')} value={clear.email ?? '-'} />
      <ValueGroup label={translateProperty('birthDate', 'Customer')} value={clear.birthDate ?? '-'} />
      <Text variant="sm">{translateMessage('unmaskAudited', 'Customer')}</Text>
    </Box>
  );
};

const PiiReveal: React.FC<{ record?: { id: string; title: string } }> = ({ record }) => {
  const { translateAction } = useTranslation();
  if (!record) return null;
  return (
    <Box variant="white" p="xl">
      <H3>
        {translateAction('unmask', 'Customer')}: {record.title}
      </H3>
      <PiiRevealPanel recordId={record.id} />
    </Box>
  );
};

export default PiiReveal;
