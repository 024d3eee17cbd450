import React from 'react';
import { Box, CurrentUserNav } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

type Props = {
  session: { email: string; title?: string; avatarUrl?: string };
  paths: { logoutPath: string };
};

/**
 * AdminJS's user menu in the top bar, with a logout that POSTs: logging out
 * changes state, so the server only does it on POST (a GET of the logout
 * address answers 405 with a button, admin/auth/logout-page.ts). A form
 * submitted by the page itself is same-origin and carries `Origin`, which the
 * server checks on state-changing requests.
 */
const LoggedIn: React.FC<Props> = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const logout = (event: Event) => {
    event.preventDefault();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = paths.logoutPath;
    document.body.appendChild(form);
    form.submit();
  };
  return (
    // data-value: the staff member's own name is data, in whatever language it was written (test/support/page-checks.ts).
    <Box flexShrink={0} data-css="logged-in" data-value>
      <CurrentUserNav
        name={session.email}
        title={session.title}
        avatarUrl={session.avatarUrl}
        dropActions={[{ label: translateButton('logout'), onClick: logout, icon: 'LogOut' }]}
      />
    </Box>
  );
};

export default LoggedIn;
