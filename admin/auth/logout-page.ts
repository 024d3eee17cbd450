/**
 * What a GET of the logout address answers: not a logout (a link, an image
 * or a prefetch on another page must not end the session), but a page with
 * the button that POSTs it. Static text, no script or inline style, so it
 * works under the console's Content-Security-Policy.
 */
export function logoutPage(logoutPath: string, rootPath: string): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="ko">
<head><meta charset="utf-8"><title>로그아웃 · Log out</title></head>
<body>
<h1>로그아웃 · Log out</h1>
<p>로그아웃하려면 아래 버튼을 누르세요. · Press the button below to log out.</p>
<form method="post" action="${attr(logoutPath)}"><button type="submit">로그아웃 · Log out</button></form>
<p><a href="${attr(rootPath)}">콘솔로 돌아가기 · Back to the console</a></p>
</body>
</html>`;
}
