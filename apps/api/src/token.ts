import { parseArgs } from 'node:util';
import { loadConfig } from '@app/config';
import { signLocalToken } from '@app/access';

const USAGE = `Prints a signed bearer token for local use, with the service's own secret.

  npm run token -- --roles GP --org F81001 [--professional <id>] [--name "Dr Asha Patel"] [--minutes 60]
  npm run token -- --roles PARTNER_SYSTEM --org 607 --subject council-system --scope "system/Patient.read system/*.write"

  --roles         comma-separated job roles: GP, CARE_COORDINATOR, CLINICAL_PRACTITIONER,
                  SOCIAL_CARE_PRACTITIONER, REFERRAL_COORDINATOR, REGISTRATION_CLERK,
                  POPULATION_ANALYST, DIRECTORY_ADMINISTRATOR, PRIVACY_OFFICER, PARTNER_SYSTEM
  --org           ODS code of the organisation the user works for
  --professional  their id in the professional directory (for care team and lead relationships)
  --subject       the token subject (default: the professional id, else "local-user")
  --scope         space-separated SMART scopes, for a partner system (system/Patient.read...)`;

async function main() {
  const { values } = parseArgs({
    options: {
      roles: { type: 'string' },
      org: { type: 'string' },
      professional: { type: 'string' },
      name: { type: 'string' },
      subject: { type: 'string' },
      scope: { type: 'string' },
      minutes: { type: 'string', default: '60' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.roles) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  if (config.AUTH_JWKS_URL) throw new Error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from here');
  const token = await signLocalToken(
    config,
    {
      sub: values.subject ?? values.professional ?? 'local-user',
      name: values.name ?? values.subject ?? 'Local user',
      org: values.org?.toUpperCase(),
      roles: values.roles.split(',').map((r) => r.trim().toUpperCase()),
      ...(values.professional ? { professional_id: values.professional } : {}),
      ...(values.scope ? { scope: values.scope } : {}),
    },
    Number(values.minutes),
  );
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
