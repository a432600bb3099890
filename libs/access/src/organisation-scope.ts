/**
 * SQL for the ODS codes of an organisation (given by its ODS code in the parameter `code`, such as
 * `$3` or `:org`) and of every organisation under it: a PCN's practices, a locality's PCNs and
 * practices. Staff of an organisation act for everything beneath it.
 */
export const organisationAndBelow = (code: string) => `
  SELECT ${code}::text
  UNION SELECT d.ods_code FROM organisation o JOIN organisation d ON d.path @> ARRAY[o.id]
  WHERE o.ods_code = ${code} AND d.ods_code IS NOT NULL`;
