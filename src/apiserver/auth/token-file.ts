// Bearer-token authentication from a kube-apiserver --token-auth-file: CSV lines `token,user,uid,"group1,group2"`
// (k8s.io/apiserver/plugin/pkg/authenticator/token/tokenfile). Blank lines and lines starting with # are skipped.
export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
  /** user.Info's extra attributes (a bound token's credential id, impersonated extras). */
  extra?: Record<string, string[]>;
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function parseTokenFile(text: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const f = splitCsv(line);
    if (f.length < 3 || !f[0] || !f[1]) throw new Error(`token file line ${i + 1}: expected "token,user,uid[,groups]"`);
    tokens.set(f[0], {
      name: f[1],
      uid: f[2] ?? '',
      groups: (f[3] ?? '').split(',').map((g) => g.trim()).filter((g) => g !== ''),
    });
  });
  return tokens;
}
