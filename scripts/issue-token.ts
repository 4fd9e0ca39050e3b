/**
 * Prints a token signed with the embedded local key, for development and demos.
 *   node dist/scripts/issue-token.js --rol projectleider [--organisatie GM0546] [--sub ...] [--naam ...] [--ttl 8h]
 */
import { parseArgs } from 'node:util';
import { isRol, issueDevToken, ROLLEN } from '../libs/auth/src';

const main = async () => {
  const { values } = parseArgs({
    options: {
      rol: { type: 'string' },
      organisatie: { type: 'string' },
      sub: { type: 'string' },
      naam: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!isRol(values.rol)) {
    process.stderr.write(`--rol is required, one of: ${ROLLEN.join(', ')}\n`);
    process.exit(2);
  }
  const token = await issueDevToken({
    sub: values.sub ?? `dev-${values.rol}`,
    rol: values.rol,
    ...(values.organisatie && { organisatie: values.organisatie }),
    ...(values.naam && { naam: values.naam }),
    ttl: /^\d+$/.test(values.ttl!) ? Number(values.ttl) : values.ttl!,
  });
  process.stdout.write(`${token}\n`);
};

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
