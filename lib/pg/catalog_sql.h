/*
 * pg_catalog_sql.h - the catalog queries of the PostgreSQL model, one per
 * object kind.  $1 is always the text array of the schemas read.
 */
#ifndef SS_PG_CATALOG_SQL_H
#define SS_PG_CATALOG_SQL_H

/* extension members are left out of every kind */
#define SS_PG_NOT_EXT(cls, oidcol) \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = " cls \
	"::pg_catalog.regclass AND x.objid = " oidcol " AND x.deptype = 'e')"

/*
 * The privileges on an object other than its owner's own, as a text array
 * of "PRIV[*] grantee" (grantee quoted or PUBLIC, * with grant option) in
 * the order of the acl (the order GRANTs rebuild it in); a NULL acl is the
 * kind's default (acldefault type letter).
 */
#define SS_PG_ACL(acl, type, owner) \
	" (SELECT pg_catalog.array_agg(x.item ORDER BY x.pos) FROM (SELECT a.privilege_type ||" \
	" CASE WHEN a.is_grantable THEN '*' ELSE '' END || ' ' || CASE WHEN a.grantee = 0 THEN 'PUBLIC'" \
	" ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END AS item, pg_catalog.min(a.pos) AS pos" \
	" FROM pg_catalog.aclexplode(COALESCE(" acl ", pg_catalog.acldefault(" type ", " owner ")))" \
	" WITH ORDINALITY a(grantor, grantee, privilege_type, is_grantable, pos)" \
	" WHERE a.grantee <> " owner " GROUP BY 1) x)::text"

#define SS_PG_SQL_SCHEMAS \
	"SELECT n.oid, n.nspname, pg_catalog.obj_description(n.oid, 'pg_namespace')," \
	" pg_catalog.pg_get_userbyid(n.nspowner), " SS_PG_ACL("n.nspacl", "'n'", "n.nspowner") \
	" FROM pg_catalog.pg_namespace n" \
	" WHERE CASE WHEN $1::text[] IS NULL THEN n.nspname !~ '^pg_'" \
	" AND n.nspname <> 'information_schema'" \
	SS_PG_NOT_EXT("'pg_catalog.pg_namespace'", "n.oid") \
	" ELSE n.nspname = ANY($1::text[]) END ORDER BY n.nspname"

#define SS_PG_SQL_EXTENSIONS \
	"SELECT e.oid, e.extname, n.nspname, e.extversion," \
	" pg_catalog.obj_description(e.oid, 'pg_extension')," \
	" (SELECT pg_catalog.array_agg(u.target) FROM pg_catalog.pg_extension_update_paths(e.extname) u" \
	"  WHERE u.source = e.extversion AND u.path IS NOT NULL)::text" \
	" FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace" \
	" WHERE e.extname <> 'plpgsql' AND $1::text[] IS NOT NULL ORDER BY e.extname"

#define SS_PG_SQL_TYPES \
	"SELECT t.oid, n.nspname, t.typname, t.typtype," \
	" (SELECT pg_catalog.array_agg(e.enumlabel ORDER BY e.enumsortorder)" \
	"  FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)::text," \
	" (SELECT pg_catalog.array_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a" \
	"  WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)::text," \
	" (SELECT pg_catalog.array_agg(pg_catalog.format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)" \
	"  FROM pg_catalog.pg_attribute a" \
	"  WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)::text," \
	" CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END," \
	" t.typnotnull, t.typdefault," \
	" (SELECT pg_catalog.array_agg(c.conname ORDER BY c.conname) FROM pg_catalog.pg_constraint c" \
	"  WHERE c.contypid = t.oid)::text," \
	" (SELECT pg_catalog.array_agg(pg_catalog.pg_get_constraintdef(c.oid) ORDER BY c.conname)" \
	"  FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid)::text," \
	" (SELECT pg_catalog.format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r" \
	"  WHERE r.rngtypid = t.oid)," \
	" pg_catalog.obj_description(t.oid, 'pg_type'), pg_catalog.pg_get_userbyid(t.typowner)," \
	SS_PG_ACL("t.typacl", "'T'", "t.typowner") \
	" FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace" \
	" LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid" \
	" WHERE n.nspname = ANY($1::text[])" \
	" AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))" \
	SS_PG_NOT_EXT("'pg_catalog.pg_type'", "t.oid") \
	" ORDER BY 1"

#define SS_PG_SQL_RELATIONS \
	"SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence," \
	" CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END," \
	" CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END," \
	" (SELECT pg_catalog.array_agg(pn.nspname ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i" \
	"  JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent" \
	"  JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid)::text," \
	" (SELECT pg_catalog.array_agg(pc.relname ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i" \
	"  JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent WHERE i.inhrelid = c.oid)::text," \
	" CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END," \
	" pg_catalog.obj_description(c.oid, 'pg_class'), c.reloptions::text," \
	" pg_catalog.pg_get_userbyid(c.relowner), " SS_PG_ACL("c.relacl", "'r'", "c.relowner") "," \
	" c.relrowsecurity, c.relforcerowsecurity, (SELECT pg_catalog.quote_ident(s.srvname) ||" \
	"  COALESCE(' OPTIONS (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) ||" \
	"  ' ' || pg_catalog.quote_literal(o.option_value), ', ' ORDER BY o.option_name)" \
	"  FROM pg_catalog.pg_options_to_table(f.ftoptions) o) || ')', '')" \
	"  FROM pg_catalog.pg_foreign_table f JOIN pg_catalog.pg_foreign_server s ON s.oid = f.ftserver" \
	"  WHERE f.ftrelid = c.oid)" \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')" \
	SS_PG_NOT_EXT("'pg_catalog.pg_class'", "c.oid") \
	" ORDER BY 1"

#define SS_PG_SQL_COLUMNS \
	"SELECT a.attrelid, a.attnum, a.attname," \
	" pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull," \
	" pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated," \
	" CASE WHEN a.attcollation <> t.typcollation THEN co.collname END," \
	" CASE WHEN a.attcollation <> t.typcollation THEN cn.nspname END," \
	" pg_catalog.col_description(a.attrelid, a.attnum), a.attislocal," \
	" CASE WHEN a.attidentity <> '' THEN (SELECT ARRAY[sc.relname, sq.seqstart::text," \
	"  sq.seqincrement::text, sq.seqmin::text, sq.seqmax::text, sq.seqcache::text," \
	"  sq.seqcycle::text, sq.seqtypid::pg_catalog.regtype::text]::text FROM pg_catalog.pg_depend sd" \
	"  JOIN pg_catalog.pg_class sc ON sc.oid = sd.objid" \
	"  JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = sc.oid" \
	"  WHERE sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum AND sd.deptype = 'i'" \
	"  AND sc.relkind = 'S' AND sc.relnamespace = c.relnamespace LIMIT 1) END," \
	" (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' ||" \
	"  pg_catalog.quote_literal(o.option_value), ', ' ORDER BY o.option_name)" \
	"  FROM pg_catalog.pg_options_to_table(a.attfdwoptions) o)," \
	" " SS_PG_ACL("a.attacl", "'c'", "c.relowner") \
	" FROM pg_catalog.pg_attribute a" \
	" JOIN pg_catalog.pg_class c ON c.oid = a.attrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" JOIN pg_catalog.pg_type t ON t.oid = a.atttypid" \
	" LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum" \
	" LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation" \
	" LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'f')" \
	" AND a.attnum > 0 AND NOT a.attisdropped" \
	" ORDER BY a.attrelid, a.attnum"

#define SS_PG_SQL_SEQUENCES \
	"SELECT c.oid, n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL)," \
	" s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle," \
	" (SELECT tc.relname FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid" \
	"  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid" \
	"  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a'" \
	"  AND tc.relnamespace = c.relnamespace LIMIT 1)," \
	" (SELECT a.attname FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a" \
	"  ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid" \
	"  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid" \
	"  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a' LIMIT 1)," \
	" pg_catalog.obj_description(c.oid, 'pg_class'), pg_catalog.pg_get_userbyid(c.relowner)," \
	SS_PG_ACL("c.relacl", "'s'", "c.relowner") \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'S'" \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid =" \
	" 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype IN ('i', 'e'))" \
	" ORDER BY 1"

#define SS_PG_SQL_CONSTRAINTS \
	"SELECT co.oid, n.nspname, co.conname, c.relname, co.contype," \
	" pg_catalog.pg_get_constraintdef(co.oid), co.conindid," \
	" pg_catalog.obj_description(co.oid, 'pg_constraint'), co.conparentid <> 0" \
	" FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p')" \
	" AND (co.conislocal OR co.conparentid <> 0) AND co.contype IN ('p', 'u', 'c', 'f', 'x')" \
	" ORDER BY 1"

#define SS_PG_SQL_INDEXES \
	"SELECT i.indexrelid, n.nspname, ic.relname, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid)," \
	" pg_catalog.obj_description(i.indexrelid, 'pg_class'), ic.relispartition" \
	" FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid" \
	" JOIN pg_catalog.pg_class c ON c.oid = i.indrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'm')" \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co WHERE co.conindid = i.indexrelid" \
	" AND co.contype IN ('p', 'u', 'x') AND co.conrelid = i.indrelid)" \
	" ORDER BY 1"

#define SS_PG_SQL_FUNCTIONS \
	"SELECT p.oid, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)," \
	" p.prokind, pg_catalog.pg_get_functiondef(p.oid), pg_catalog.pg_get_function_result(p.oid)," \
	" pg_catalog.obj_description(p.oid, 'pg_proc'), pg_catalog.pg_get_userbyid(p.proowner)," \
	SS_PG_ACL("p.proacl", "'f'", "p.proowner") \
	" FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p')" \
	SS_PG_NOT_EXT("'pg_catalog.pg_proc'", "p.oid") \
	/* range and multirange constructors come with their type */ \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid =" \
	" 'pg_catalog.pg_proc'::pg_catalog.regclass AND x.objid = p.oid AND x.deptype = 'i')" \
	" ORDER BY 1"

#define SS_PG_SQL_TRIGGERS \
	"SELECT t.oid, n.nspname, t.tgname, c.relname, pg_catalog.pg_get_triggerdef(t.oid)," \
	" pg_catalog.obj_description(t.oid, 'pg_trigger')" \
	" FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND NOT t.tgisinternal AND t.tgparentid = 0" \
	" ORDER BY 1"

/*
 * Dependencies between user objects, normalized: a view's rule becomes the
 * view, a column default its table (via_default), a domain constraint its
 * domain, a table's row type the table, an array type its element type, a
 * publication's table or schema the publication.
 */
#define SS_PG_SQL_DEPENDS \
	"SELECT DISTINCT" \
	" CASE WHEN rw.oid IS NOT NULL OR ad.oid IS NOT NULL THEN 1259" \
	"  WHEN dc.oid IS NOT NULL THEN 1247 WHEN pr.oid IS NOT NULL THEN 6104 ELSE d.classid::oid END," \
	" COALESCE(rw.ev_class, ad.adrelid, dc.contypid, pr.prpubid, d.objid)," \
	" CASE WHEN ad.oid IS NOT NULL THEN ad.adnum::int" \
	"  WHEN rw.oid IS NOT NULL OR dc.oid IS NOT NULL OR pr.oid IS NOT NULL THEN 0" \
	"  ELSE d.objsubid END," \
	" ad.oid IS NOT NULL," \
	" CASE WHEN rc.oid IS NOT NULL THEN 1259 ELSE d.refclassid::oid END," \
	" COALESCE(rc.oid, ra.typelem, d.refobjid)," \
	" CASE WHEN rc.oid IS NOT NULL THEN 0 ELSE d.refobjsubid END" \
	" FROM pg_catalog.pg_depend d" \
	" LEFT JOIN pg_catalog.pg_rewrite rw ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass" \
	"  AND rw.oid = d.objid AND rw.rulename = '_RETURN'" \
	" LEFT JOIN pg_catalog.pg_publication_rel pr ON d.classid = 6106 AND pr.oid = d.objid" \
	" LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass" \
	"  AND ad.oid = d.objid" \
	" LEFT JOIN pg_catalog.pg_constraint dc ON d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass" \
	"  AND dc.oid = d.objid AND dc.contypid <> 0" \
	" LEFT JOIN pg_catalog.pg_type rt ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass" \
	"  AND rt.oid = d.refobjid" \
	" LEFT JOIN pg_catalog.pg_class rc ON rc.oid = rt.typrelid AND rc.relkind <> 'c'" \
	" LEFT JOIN pg_catalog.pg_type ra ON ra.oid = rt.typelem AND rt.typcategory = 'A' AND rc.oid IS NULL" \
	" WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384" \
	" AND $1::text[] IS NOT NULL"

#endif
