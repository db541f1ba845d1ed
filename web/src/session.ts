// The session lives in sessionStorage: it ends with the tab, so a token is
// not left behind on a shared workstation. The purpose is part of the
// session because every consultation is logged under it.

export interface Me {
  name: string;
  role: string;
  auths: string[];
}

export interface Session {
  token: string;
  purpose: string;
  me: Me;
}

const KEY = 'mosaic.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s.token && s.purpose && s.me ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

export function roleAtLeast(role: string, want: string): boolean {
  const rank: Record<string, number> = { analyst: 1, supervisor: 2, admin: 3 };
  return (rank[role] ?? 0) >= (rank[want] ?? 99);
}
