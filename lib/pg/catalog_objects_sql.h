/*
 * catalog_objects_sql.h - the catalog queries of the PostgreSQL model for
 * the kinds beyond tables, views, functions and types: aggregates,
 * operators, collations, casts, text search, rules, policies, extended
 * statistics, foreign servers, publications, default privileges, and what
 * the model does not cover.  $1 is the text array of the schemas read.
 *
 * Every query returns the same columns (see enum in catalog_objects.c):
 * oid, schema, name, table, args, def, comment, owner, acl, x1, x2, x3.
 */
#ifndef SS_PG_CATALOG_OBJECTS_SQL_H
#define SS_PG_CATALOG_OBJECTS_SQL_H

#include "lib/pg/catalog_sql.h"

#define SS_PG_QI(x) "pg_catalog.quote_ident(" x ")"
#define SS_PG_QN(nsp, name) SS_PG_QI(nsp) " || '.' || " SS_PG_QI(name)

/* In a schema read (namespace n), not an extension's, in oid order. */
#define SS_PG_IN_SCHEMAS(cls, oidcol) \
	" WHERE n.nspname = ANY($1::text[])" SS_PG_NOT_EXT(cls, oidcol) " ORDER BY 1"

/* A regproc (0: none) as PostgreSQL prints it under an empty search_path. */
#define SS_PG_PROC(col) "NULLIF(" col ", 0)::pg_catalog.regproc::text"

#define SS_PG_SQL_AGGREGATES \
	"SELECT p.oid, n.nspname, p.proname, NULL, pg_catalog.pg_get_function_identity_arguments(p.oid)," \
	" 'CREATE AGGREGATE ' || " SS_PG_QN("n.nspname", "p.proname") " || '(' ||" \
	" pg_catalog.pg_get_function_arguments(p.oid) || ') (SFUNC = ' || a.aggtransfn::pg_catalog.regproc::text" \
	" || ', STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL)" \
	" || CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace ELSE '' END" \
	" || COALESCE(', FINALFUNC = ' || " SS_PG_PROC("a.aggfinalfn") ", '')" \
	" || CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END" \
	" || CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify" \
	"  WHEN 's' THEN 'SHAREABLE' WHEN 'w' THEN 'READ_WRITE' ELSE 'READ_ONLY' END ELSE '' END" \
	" || COALESCE(', COMBINEFUNC = ' || " SS_PG_PROC("a.aggcombinefn") ", '')" \
	" || COALESCE(', SERIALFUNC = ' || " SS_PG_PROC("a.aggserialfn") ", '')" \
	" || COALESCE(', DESERIALFUNC = ' || " SS_PG_PROC("a.aggdeserialfn") ", '')" \
	" || COALESCE(', INITCOND = ' || pg_catalog.quote_literal(a.agginitval), '')" \
	" || COALESCE(', MSFUNC = ' || " SS_PG_PROC("a.aggmtransfn") ", '')" \
	" || COALESCE(', MINVFUNC = ' || " SS_PG_PROC("a.aggminvtransfn") ", '')" \
	" || CASE WHEN a.aggmtranstype <> 0 THEN ', MSTYPE = ' ||" \
	"  pg_catalog.format_type(a.aggmtranstype, NULL) ELSE '' END" \
	" || CASE WHEN a.aggmtransspace <> 0 THEN ', MSSPACE = ' || a.aggmtransspace ELSE '' END" \
	" || COALESCE(', MFINALFUNC = ' || " SS_PG_PROC("a.aggmfinalfn") ", '')" \
	" || CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END" \
	" || CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify" \
	"  WHEN 's' THEN 'SHAREABLE' WHEN 'w' THEN 'READ_WRITE' ELSE 'READ_ONLY' END ELSE '' END" \
	" || COALESCE(', MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval), '')" \
	" || COALESCE(', SORTOP = OPERATOR(' || (SELECT " SS_PG_QI("so.nspname") " || '.' || o.oprname" \
	"  FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace so ON so.oid = o.oprnamespace" \
	"  WHERE o.oid = NULLIF(a.aggsortop, 0)) || ')', '')" \
	" || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED'" \
	"  ELSE '' END" \
	" || CASE WHEN a.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END || ')'," \
	" pg_catalog.obj_description(p.oid, 'pg_proc'), pg_catalog.pg_get_userbyid(p.proowner)," \
	SS_PG_ACL("p.proacl", "'f'", "p.proowner") ", NULL, NULL, NULL" \
	" FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace" \
	" JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid" \
	" WHERE n.nspname = ANY($1::text[]) AND p.prokind = 'a'" \
	SS_PG_NOT_EXT("'pg_catalog.pg_proc'", "p.oid") " ORDER BY 1"

/* An operator's argument types: "integer, integer", "NONE, integer". */
#define SS_PG_OPARGS \
	"COALESCE(pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', ' ||" \
	" COALESCE(pg_catalog.format_type(NULLIF(o.oprright, 0), NULL), 'NONE')"
/* OPERATOR(schema.op) of operator oid `col`, or NULL. */
#define SS_PG_OPREF(col) \
	"(SELECT 'OPERATOR(' || " SS_PG_QI("xn.nspname") " || '.' || x.oprname || ')'" \
	" FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace" \
	" WHERE x.oid = NULLIF(" col ", 0))"

#define SS_PG_SQL_OPERATORS \
	"SELECT o.oid, n.nspname, o.oprname, NULL, " SS_PG_OPARGS "," \
	" 'CREATE OPERATOR ' || " SS_PG_QI("n.nspname") " || '.' || o.oprname ||" \
	" ' (FUNCTION = ' || o.oprcode::pg_catalog.regproc::text" \
	" || COALESCE(', LEFTARG = ' || pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL), '')" \
	" || COALESCE(', RIGHTARG = ' || pg_catalog.format_type(NULLIF(o.oprright, 0), NULL), '')" \
	" || COALESCE(', COMMUTATOR = ' || " SS_PG_OPREF("o.oprcom") ", '')" \
	" || COALESCE(', NEGATOR = ' || " SS_PG_OPREF("o.oprnegate") ", '')" \
	" || COALESCE(', RESTRICT = ' || " SS_PG_PROC("o.oprrest") ", '')" \
	" || COALESCE(', JOIN = ' || " SS_PG_PROC("o.oprjoin") ", '')" \
	" || CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END" \
	" || CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END || ')'," \
	" pg_catalog.obj_description(o.oid, 'pg_operator'), pg_catalog.pg_get_userbyid(o.oprowner)," \
	" NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace" \
	SS_PG_IN_SCHEMAS("'pg_catalog.pg_operator'", "o.oid")

/* colliculocale (15+) read through jsonb: absent before 15. */
#define SS_PG_SQL_COLLATIONS \
	"SELECT co.oid, n.nspname, co.collname, NULL, NULL," \
	" 'CREATE COLLATION ' || " SS_PG_QN("n.nspname", "co.collname") " || ' (PROVIDER = ' ||" \
	" CASE co.collprovider WHEN 'i' THEN 'icu' ELSE 'libc' END ||" \
	" CASE WHEN co.collprovider = 'i' THEN ', LOCALE = ' || pg_catalog.quote_literal(" \
	"  COALESCE(pg_catalog.to_jsonb(co) ->> 'colliculocale', co.collcollate))" \
	"  WHEN co.collcollate = co.collctype THEN ', LOCALE = ' || pg_catalog.quote_literal(co.collcollate)" \
	"  ELSE ', LC_COLLATE = ' || pg_catalog.quote_literal(co.collcollate) ||" \
	"  ', LC_CTYPE = ' || pg_catalog.quote_literal(co.collctype) END ||" \
	" CASE WHEN NOT co.collisdeterministic THEN ', DETERMINISTIC = false' ELSE '' END || ')'," \
	" pg_catalog.obj_description(co.oid, 'pg_collation'), pg_catalog.pg_get_userbyid(co.collowner)," \
	" NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace" \
	SS_PG_IN_SCHEMAS("'pg_catalog.pg_collation'", "co.oid")

/*
 * Casts made by users that involve a type or function of the schemas read;
 * name: "(source AS target)"; schema: that of the user type or function.
 */
#define SS_PG_SQL_CASTS \
	"SELECT c.oid, COALESCE(sn.nspname, tn.nspname, fn.nspname), '(' ||" \
	" pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL)" \
	" || ')', NULL, NULL, 'CREATE CAST (' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' ||" \
	" pg_catalog.format_type(c.casttarget, NULL) || ') ' || CASE c.castmethod" \
	"  WHEN 'f' THEN 'WITH FUNCTION ' || c.castfunc::pg_catalog.regprocedure::text" \
	"  WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END ||" \
	" CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END," \
	" pg_catalog.obj_description(c.oid, 'pg_cast'), NULL, NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_cast c" \
	" JOIN pg_catalog.pg_type st ON st.oid = c.castsource JOIN pg_catalog.pg_type tt ON tt.oid = c.casttarget" \
	" LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = st.typnamespace AND sn.nspname = ANY($1::text[])" \
	" LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tt.typnamespace AND tn.nspname = ANY($1::text[])" \
	" LEFT JOIN pg_catalog.pg_proc f ON f.oid = c.castfunc" \
	" LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace AND fn.nspname = ANY($1::text[])" \
	" WHERE c.oid >= 16384 AND COALESCE(sn.nspname, tn.nspname, fn.nspname) IS NOT NULL" \
	/* a multirange's casts come with its range type */ \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid =" \
	" 'pg_catalog.pg_cast'::pg_catalog.regclass AND x.objid = c.oid AND x.deptype = 'i')" \
	SS_PG_NOT_EXT("'pg_catalog.pg_cast'", "c.oid") " ORDER BY 1"

#define SS_PG_SQL_TSDICTS \
	"SELECT d.oid, n.nspname, d.dictname, NULL, NULL," \
	" 'CREATE TEXT SEARCH DICTIONARY ' || " SS_PG_QN("n.nspname", "d.dictname") " || ' (TEMPLATE = ' ||" \
	" " SS_PG_QN("tn.nspname", "t.tmplname") " || COALESCE(', ' || d.dictinitoption, '') || ')'," \
	" pg_catalog.obj_description(d.oid, 'pg_ts_dict'), pg_catalog.pg_get_userbyid(d.dictowner)," \
	" NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace" \
	" JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate" \
	" JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace" \
	SS_PG_IN_SCHEMAS("'pg_catalog.pg_ts_dict'", "d.oid")

/* A configuration and its mappings, one ALTER per token type, in token order. */
#define SS_PG_SQL_TSCONFIGS \
	"SELECT c.oid, n.nspname, c.cfgname, NULL, NULL," \
	" 'CREATE TEXT SEARCH CONFIGURATION ' || " SS_PG_QN("n.nspname", "c.cfgname") " || ' (PARSER = ' ||" \
	" " SS_PG_QN("pn.nspname", "p.prsname") " || ');' || COALESCE((SELECT pg_catalog.string_agg(" \
	"  E'\\nALTER TEXT SEARCH CONFIGURATION ' || " SS_PG_QN("n.nspname", "c.cfgname") " ||" \
	"  ' ADD MAPPING FOR ' || m.alias || ' WITH ' || m.dicts || ';', '' ORDER BY m.tokid)" \
	"  FROM (SELECT t.tokid, t.alias, pg_catalog.string_agg(mm.mapdict::pg_catalog.regdictionary::text," \
	"  ', ' ORDER BY mm.mapseqno) AS dicts FROM pg_catalog.pg_ts_config_map mm" \
	"  JOIN pg_catalog.ts_token_type(c.cfgparser) t ON t.tokid = mm.maptokentype" \
	"  WHERE mm.mapcfg = c.oid GROUP BY t.tokid, t.alias) m), '')," \
	" pg_catalog.obj_description(c.oid, 'pg_ts_config'), pg_catalog.pg_get_userbyid(c.cfgowner)," \
	" NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace" \
	" JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser" \
	" JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace" \
	SS_PG_IN_SCHEMAS("'pg_catalog.pg_ts_config'", "c.oid")

#define SS_PG_SQL_RULES \
	"SELECT r.oid, n.nspname, r.rulename, c.relname, NULL, pg_catalog.pg_get_ruledef(r.oid)," \
	" pg_catalog.obj_description(r.oid, 'pg_rewrite'), NULL, NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND r.rulename <> '_RETURN'" \
	SS_PG_NOT_EXT("'pg_catalog.pg_class'", "c.oid") " ORDER BY 1"

/* x1: the head of CREATE POLICY, x2: its roles (text array), x3: its USING and WITH CHECK. */
#define SS_PG_SQL_POLICIES \
	"SELECT p.oid, n.nspname, p.polname, c.relname, NULL, NULL," \
	" pg_catalog.obj_description(p.oid, 'pg_policy'), NULL, NULL," \
	" 'CREATE POLICY ' || " SS_PG_QI("p.polname") " || ' ON ' || " SS_PG_QN("n.nspname", "c.relname") \
	" || ' AS ' || CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END || ' FOR ' ||" \
	" CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'" \
	"  WHEN 'd' THEN 'DELETE' ELSE 'ALL' END," \
	" (SELECT pg_catalog.array_agg(CASE WHEN r = 0 THEN 'PUBLIC'" \
	"  ELSE " SS_PG_QI("pg_catalog.pg_get_userbyid(r)") " END ORDER BY 1) FROM pg_catalog.unnest(p.polroles) r)::text," \
	" pg_catalog.concat_ws(' ', ' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')'," \
	" 'WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')" \
	" FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[])" SS_PG_NOT_EXT("'pg_catalog.pg_class'", "c.oid") " ORDER BY 1"

/* stxstattarget: -1 (default) or NULL (17+) */
#define SS_PG_SQL_STATISTICS \
	"SELECT s.oid, n.nspname, s.stxname, c.relname, NULL, pg_catalog.pg_get_statisticsobjdef(s.oid) ||" \
	" COALESCE(';' || E'\\nALTER STATISTICS ' || " SS_PG_QN("n.nspname", "s.stxname") " ||" \
	"  ' SET STATISTICS ' || NULLIF((pg_catalog.to_jsonb(s) ->> 'stxstattarget')::int, -1), '')," \
	" pg_catalog.obj_description(s.oid, 'pg_statistic_ext'), pg_catalog.pg_get_userbyid(s.stxowner)," \
	" NULL, NULL, NULL, NULL" \
	" FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace" \
	" JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid" \
	" WHERE n.nspname = ANY($1::text[]) ORDER BY 1"

/*
 * Servers of the database: def the head of CREATE SERVER, x1 the wrapper,
 * x2 the options ("name 'value'") as a text array, x3 the version.
 */
#define SS_PG_SQL_SERVERS \
	"SELECT s.oid, NULL, s.srvname, NULL, NULL," \
	" 'CREATE SERVER IF NOT EXISTS ' || " SS_PG_QI("s.srvname") \
	" || COALESCE(' TYPE ' || pg_catalog.quote_literal(s.srvtype), '')," \
	" pg_catalog.obj_description(s.oid, 'pg_foreign_server'), pg_catalog.pg_get_userbyid(s.srvowner)," \
	SS_PG_ACL("s.srvacl", "'S'", "s.srvowner") ", w.fdwname," \
	" (SELECT pg_catalog.array_agg(" SS_PG_QI("o.option_name") " || ' ' ||" \
	"  pg_catalog.quote_literal(o.option_value) ORDER BY o.option_name)" \
	"  FROM pg_catalog.pg_options_to_table(s.srvoptions) o)::text, s.srvversion" \
	" FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw" \
	" WHERE $1::text[] IS NOT NULL" SS_PG_NOT_EXT("'pg_catalog.pg_foreign_server'", "s.oid") " ORDER BY 1"

/* Publications of the database; their tables (15: with row filters and columns), schemas. */
#define SS_PG_PUB_HEAD \
	"SELECT p.oid, NULL, p.pubname, NULL, NULL, 'CREATE PUBLICATION ' || " SS_PG_QI("p.pubname") " ||" \
	" CASE WHEN p.puballtables THEN ' FOR ALL TABLES' ELSE COALESCE(' FOR ' || pg_catalog.concat_ws(', ',"
#define SS_PG_PUB_TAIL \
	" || ' WITH (publish = ' || pg_catalog.quote_literal(pg_catalog.concat_ws(', '," \
	" CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END," \
	" CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END)) ||" \
	" ', publish_via_partition_root = ' || p.pubviaroot || ')'," \
	" pg_catalog.obj_description(p.oid, 'pg_publication'), pg_catalog.pg_get_userbyid(p.pubowner)," \
	" NULL, NULL, NULL, NULL FROM pg_catalog.pg_publication p WHERE $1::text[] IS NOT NULL ORDER BY 1"
#define SS_PG_SQL_PUBLICATIONS \
	SS_PG_PUB_HEAD \
	" 'TABLE ' || (SELECT pg_catalog.string_agg(" SS_PG_QN("rn.nspname", "rc.relname") " ||" \
	"  COALESCE(' (' || (SELECT pg_catalog.string_agg(" SS_PG_QI("a.attname") ", ', ' ORDER BY a.attnum)" \
	"  FROM pg_catalog.pg_attribute a WHERE a.attrelid = r.prrelid AND a.attnum = ANY(r.prattrs)) || ')', '')" \
	"  || COALESCE(' WHERE (' || pg_catalog.pg_get_expr(r.prqual, r.prrelid) || ')', ''), ', '" \
	"  ORDER BY rn.nspname, rc.relname) FROM pg_catalog.pg_publication_rel r" \
	"  JOIN pg_catalog.pg_class rc ON rc.oid = r.prrelid" \
	"  JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace WHERE r.prpubid = p.oid)," \
	" 'TABLES IN SCHEMA ' || (SELECT pg_catalog.string_agg(" SS_PG_QI("sn.nspname") ", ', '" \
	"  ORDER BY sn.nspname) FROM pg_catalog.pg_publication_namespace s" \
	"  JOIN pg_catalog.pg_namespace sn ON sn.oid = s.pnnspid WHERE s.pnpubid = p.oid)), '') END" \
	SS_PG_PUB_TAIL
#define SS_PG_SQL_PUBLICATIONS_14 \
	SS_PG_PUB_HEAD \
	" 'TABLE ' || (SELECT pg_catalog.string_agg(" SS_PG_QN("rn.nspname", "rc.relname") ", ', '" \
	"  ORDER BY rn.nspname, rc.relname) FROM pg_catalog.pg_publication_rel r" \
	"  JOIN pg_catalog.pg_class rc ON rc.oid = r.prrelid" \
	"  JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace WHERE r.prpubid = p.oid)), '') END" \
	SS_PG_PUB_TAIL

/*
 * Default privileges of a role, in a schema read or everywhere (when every
 * schema is read): x1 the object type letter, acl what they grant beyond
 * (+) or take from (-) the built-in default.
 */
#define SS_PG_DEFACL_ITEM(a) \
	"a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END || ' ' ||" \
	" CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE " SS_PG_QI("pg_catalog.pg_get_userbyid(a.grantee)") " END"
#define SS_PG_SQL_DEFACLS \
	"SELECT d.oid, n.nspname, NULL, NULL, NULL, NULL, NULL, pg_catalog.pg_get_userbyid(d.defaclrole)," \
	" (SELECT pg_catalog.array_agg(x.item ORDER BY x.item) FROM (" \
	"  SELECT '+' || " SS_PG_DEFACL_ITEM("a") " AS item FROM pg_catalog.aclexplode(d.defaclacl) a" \
	"  EXCEPT SELECT '+' || " SS_PG_DEFACL_ITEM("a") " FROM pg_catalog.aclexplode(" \
	"  CASE WHEN d.defaclnamespace = 0 THEN pg_catalog.acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's'" \
	"  WHEN 'n' THEN 'n' WHEN 'T' THEN 'T' WHEN 'f' THEN 'f' ELSE 'r' END::\"char\", d.defaclrole) END) a" \
	"  UNION ALL (SELECT '-' || " SS_PG_DEFACL_ITEM("a") " FROM pg_catalog.aclexplode(" \
	"  CASE WHEN d.defaclnamespace = 0 THEN pg_catalog.acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's'" \
	"  WHEN 'n' THEN 'n' WHEN 'T' THEN 'T' WHEN 'f' THEN 'f' ELSE 'r' END::\"char\", d.defaclrole) END) a" \
	"  EXCEPT SELECT '-' || " SS_PG_DEFACL_ITEM("a") " FROM pg_catalog.aclexplode(d.defaclacl) a)) x)::text," \
	" d.defaclobjtype, NULL, NULL" \
	" FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace" \
	" WHERE n.nspname = ANY($1::text[]) OR (d.defaclnamespace = 0 AND $1::text[] @> ARRAY['public'])" \
	" ORDER BY 1"

/*
 * What the model does not cover, with the catalog and oid that dependencies
 * name: schema (NULL when none), qualified name, x1 the kind, x2 classid.
 */
#define SS_PG_SQL_OTHER \
	"SELECT c.oid, n.nspname, " SS_PG_QN("n.nspname", "c.opcname") " || ' using ' || am.amname," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'operator class', 2616, NULL FROM pg_catalog.pg_opclass c" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod" \
	" WHERE n.nspname = ANY($1::text[])" SS_PG_NOT_EXT("'pg_catalog.pg_opclass'", "c.oid") \
	" UNION ALL SELECT f.oid, n.nspname, " SS_PG_QN("n.nspname", "f.opfname") " || ' using ' || am.amname," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'operator family', 2753, NULL FROM pg_catalog.pg_opfamily f" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod" \
	" WHERE n.nspname = ANY($1::text[])" SS_PG_NOT_EXT("'pg_catalog.pg_opfamily'", "f.oid") \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_opclass c WHERE c.opcfamily = f.oid)" \
	" UNION ALL SELECT p.oid, n.nspname, " SS_PG_QN("n.nspname", "p.prsname") "," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'text search parser', 3601, NULL FROM pg_catalog.pg_ts_parser p" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace WHERE n.nspname = ANY($1::text[])" \
	SS_PG_NOT_EXT("'pg_catalog.pg_ts_parser'", "p.oid") \
	" UNION ALL SELECT t.oid, n.nspname, " SS_PG_QN("n.nspname", "t.tmplname") "," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'text search template', 3764, NULL FROM pg_catalog.pg_ts_template t" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace WHERE n.nspname = ANY($1::text[])" \
	SS_PG_NOT_EXT("'pg_catalog.pg_ts_template'", "t.oid") \
	" UNION ALL SELECT c.oid, n.nspname, " SS_PG_QN("n.nspname", "c.conname") "," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'conversion', 2607, NULL FROM pg_catalog.pg_conversion c" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ANY($1::text[])" \
	SS_PG_NOT_EXT("'pg_catalog.pg_conversion'", "c.oid") \
	" UNION ALL SELECT t.oid, n.nspname, " SS_PG_QN("n.nspname", "t.typname") "," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'base type', 1247, NULL FROM pg_catalog.pg_type t" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ANY($1::text[])" \
	" AND t.typtype = 'b' AND t.typcategory <> 'A'" SS_PG_NOT_EXT("'pg_catalog.pg_type'", "t.oid") \
	" UNION ALL SELECT w.oid, NULL, " SS_PG_QI("w.fdwname") "," \
	" NULL, NULL, NULL, NULL, NULL, NULL, 'foreign-data wrapper', 2328, NULL" \
	" FROM pg_catalog.pg_foreign_data_wrapper w WHERE $1::text[] IS NOT NULL" \
	SS_PG_NOT_EXT("'pg_catalog.pg_foreign_data_wrapper'", "w.oid") \
	" ORDER BY 10, 3"

#endif
