import React from 'react';
import { Button, InfoBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

type Props = {
  resource: { id: string };
  OriginalComponent?: React.ComponentType<Record<string, unknown>>;
} & Record<string, unknown>;

/** True when the list's address carries a filter or a search (AdminJS keeps them in `filters.*` query keys). */
export const hasFilters = (search: string): boolean => Array.from(new URLSearchParams(search).keys()).some((k) => k.startsWith('filters.'));

/**
 * AdminJS's empty list, which says there is no data at all. When a filter or
 * search is applied, an empty list means nothing matched: it says so and
 * offers to clear the filters. Without filters AdminJS's own is shown.
 */
const NoRecords: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { translateMessage, translateButton } = useTranslation();
  if (!hasFilters(window.location.search)) return OriginalComponent ? <OriginalComponent {...props} /> : null;
  const { resource } = props;
  return (
    <InfoBox title={translateMessage('noMatchingRecords', resource.id)} illustration="Docs">
      <Text mb="xxl">{translateMessage('noMatchingRecordsHint', resource.id)}</Text>
      <Button as="a" variant="outlined" href={window.location.pathname} data-testid="no-records-reset-filter">
        {translateButton('resetFilter', resource.id)}
      </Button>
    </InfoBox>
  );
};

export default NoRecords;
