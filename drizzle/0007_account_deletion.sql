ALTER TABLE "certificate" DROP CONSTRAINT "certificate_user_id_user_id_fk";
--> statement-breakpoint
ALTER TABLE "certificate" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- The audit trail stays append-only, with one exception for erasure (GDPR Art. 17): inside a
-- transaction that set lernpfad.audit_erasure (account deletion, src/lib/server/account/delete.ts), an
-- UPDATE may replace the labels that name a person — never the id, time, action, actor or target ids.
CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND current_setting('lernpfad.audit_erasure', true) = 'on'
		AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
		AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
		AND NEW.target_type = OLD.target_type AND NEW.target_id = OLD.target_id
		AND NEW.details - 'learner' = OLD.details - 'learner' THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'audit_event is append-only';
END
$$;
