import React from 'react';
import { useSelector } from 'react-redux';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

type Branding = { companyName: string; logo?: string | false };
type LoginState = { action: string; errorMessage?: string | null };

/** Each language's name in its own language, so it is readable whatever the page's language. */
const languageNames: Record<string, string> = { ko: '한국어', en: 'English' };

/**
 * The sign-in page (replaces AdminJS's, which advertises AdminJS): the bank's
 * name and logo (BANK_NAME / BANK_NAME_EN / BANK_LOGO_PATH, set per language
 * by the server), labelled fields with the autocomplete hints password
 * managers and assistive technology use, the error in an alert region, and a
 * language choice that writes the same cookie as the top bar and reloads
 * (the server renders the page in it).
 */
const Login: React.FC = () => {
  const { action, errorMessage } = (window as unknown as { __APP_STATE__: LoginState }).__APP_STATE__;
  const branding = useSelector((state: { branding: Branding }) => state.branding);
  const { translateComponent, translateMessage, i18n } = useTranslation();
  const languages = (i18n.options.supportedLngs || []).filter((l) => l !== 'cimode');
  const choose = (language: string) => {
    const secure = window.location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `bank-crm.lang=${language}; path=/; max-age=${365 * 24 * 3600}; SameSite=Lax${secure}`;
    window.location.reload();
  };
  return (
    <Box as="main" flex flexDirection="column" alignItems="center" justifyContent="center" style={{ minHeight: '100%' }} bg="grey20" py="xxl">
      <Box bg="white" p="x3" width={[1, '440px']} boxShadow="login">
        <Box as="h1" mb="xl" style={{ fontSize: '24px', fontWeight: 700, lineHeight: '32px' }}>
          {branding.logo ? <img src={branding.logo} alt={branding.companyName} style={{ maxWidth: 200, display: 'block' }} /> : branding.companyName}
        </Box>
        <Text as="p" mb="xl">
          {translateComponent('Login.welcomeMessage')}
        </Text>
        <form action={action} method="POST">
          {errorMessage ? (
            <Box role="alert" mb="lg">
              <MessageBox message={errorMessage.includes(' ') ? errorMessage : translateMessage(errorMessage)} variant="danger" />
            </Box>
          ) : null}
          <FormGroup>
            <Label htmlFor="login-email" required>
              {translateComponent('Login.properties.email')}
            </Label>
            <Input id="login-email" name="email" type="email" autoComplete="username" required width={1} />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="login-password" required>
              {translateComponent('Login.properties.password')}
            </Label>
            <Input id="login-password" name="password" type="password" autoComplete="current-password" required width={1} />
          </FormGroup>
          <Text mt="xl" textAlign="center">
            <Button variant="contained" type="submit">
              {translateComponent('Login.loginButton')}
            </Button>
          </Text>
        </form>
        {languages.length > 1 ? (
          <Box as="nav" mt="xl" flex justifyContent="center" aria-label={translateComponent('Login.languages')}>
            {languages.map((language) => (
              <Button
                key={language}
                type="button"
                variant="text"
                size="sm"
                lang={language}
                aria-pressed={language === i18n.language}
                onClick={() => choose(language)}
                data-testid={`login-language-${language}`}
              >
                {languageNames[language] ?? language}
              </Button>
            ))}
          </Box>
        ) : null}
      </Box>
    </Box>
  );
};

export default Login;
