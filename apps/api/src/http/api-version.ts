/** Full semantic version of the API contract (API Design Rules: /core/version-header); every answer carries it (http/security.ts). */
export const API_VERSION = '1.0.0';
export const API_BASE = '/api/v1';
