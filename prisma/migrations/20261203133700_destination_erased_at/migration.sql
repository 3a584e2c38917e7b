-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- Profiles deleted before a deletion erased personal data are erased now, as ProfileErasureService
-- does (apps/api/src/modules/profiles/profile-erasure.service.ts): the rows stay as anonymous
-- tombstones so every report keeps its counts; addresses quoted in texts from remote servers go.
CREATE FUNCTION pg_temp.herald_erase_identifiers(input text, identifiers text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  identifier text;
  result text := input;
BEGIN
  IF result IS NULL THEN RETURN NULL; END IF;
  FOREACH identifier IN ARRAY identifiers LOOP
    CONTINUE WHEN identifier IS NULL OR btrim(identifier) = '' OR identifier = '(erased)';
    result := regexp_replace(result, regexp_replace(btrim(identifier), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g'), '(erased)', 'gi');
  END LOOP;
  RETURN result;
END $$;

CREATE TEMP TABLE herald_erased_destination ON COMMIT DROP AS
  SELECT d.id, p."deletedAt", ARRAY[d.address, p.email, p.mobile, p.fax, ltrim(p.mobile, '+'), ltrim(p.fax, '+')] AS identifiers
  FROM "Destination" d JOIN "Profile" p ON p.id = d."profileId"
  WHERE p."deletedAt" IS NOT NULL;

UPDATE "Event" e SET "errorText" = pg_temp.herald_erase_identifiers(e."errorText", x.identifiers), "userAgent" = NULL, "ipHash" = NULL
  FROM herald_erased_destination x WHERE e."destinationId" = x.id;

UPDATE "Destination" d SET address = '(erased)', "erasedAt" = x."deletedAt",
    "lastErrorText" = pg_temp.herald_erase_identifiers(d."lastErrorText", x.identifiers),
    "suppressionReason" = pg_temp.herald_erase_identifiers(d."suppressionReason", x.identifiers)
  FROM herald_erased_destination x WHERE d.id = x.id;

UPDATE "SurveyResponse" r SET "profileId" = NULL, "destinationId" = NULL
  WHERE r."profileId" IN (SELECT id FROM "Profile" WHERE "deletedAt" IS NOT NULL)
     OR r."destinationId" IN (SELECT id FROM herald_erased_destination);

UPDATE "PageView" v SET "profileId" = NULL, "userAgent" = NULL, "ipHash" = NULL
  WHERE v."profileId" IN (SELECT id FROM "Profile" WHERE "deletedAt" IS NOT NULL);

-- A deleted subprofile, or one of a deleted profile, keeps no values.
UPDATE "Subprofile" s SET values = '{}'::jsonb, "deletedAt" = COALESCE(s."deletedAt", p."deletedAt")
  FROM "Profile" p WHERE p.id = s."profileId" AND (p."deletedAt" IS NOT NULL OR s."deletedAt" IS NOT NULL) AND s.values <> '{}'::jsonb;

-- The history held values before and after each change; one line without personal data stays.
DELETE FROM "ProfileChange" c USING "Profile" p WHERE p.id = c."profileId" AND p."deletedAt" IS NOT NULL;
INSERT INTO "ProfileChange" ("accountId", "profileId", source, change, "createdAt")
  SELECT "accountId", id, 'migration:destination_erased_at', '{"erased": true}'::jsonb, now() FROM "Profile" WHERE "deletedAt" IS NOT NULL;

UPDATE "Profile" SET email = NULL, mobile = NULL, fax = NULL, values = '{}'::jsonb, "unsubscribedAt" = NULL, "unsubscribeReason" = NULL,
    "disabledAt" = NULL, "disabledReason" = NULL, "softErrorStreak" = 0
  WHERE "deletedAt" IS NOT NULL;
