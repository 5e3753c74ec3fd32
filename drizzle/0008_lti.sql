CREATE TABLE "class_instructor" (
	"class_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "class_instructor_class_id_user_id_pk" PRIMARY KEY("class_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "lti_context" (
	"id" text PRIMARY KEY NOT NULL,
	"platform_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"context_id" text NOT NULL,
	"title" text NOT NULL,
	"class_id" text NOT NULL,
	"lineitems_url" text,
	"ags_scopes" text[],
	"memberships_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti_deployment" (
	"platform_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	CONSTRAINT "lti_deployment_platform_id_deployment_id_pk" PRIMARY KEY("platform_id","deployment_id")
);
--> statement-breakpoint
CREATE TABLE "lti_key" (
	"kid" text PRIMARY KEY NOT NULL,
	"private_jwk" jsonb NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lti_login" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"platform_id" text NOT NULL,
	"target_link_uri" text NOT NULL,
	"storage_target" text,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti_platform" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"auth_url" text NOT NULL,
	"token_url" text NOT NULL,
	"jwks_url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti_resource_link" (
	"id" text PRIMARY KEY NOT NULL,
	"context_id" text NOT NULL,
	"resource_link_id" text NOT NULL,
	"target" text NOT NULL,
	"lineitem_url" text
);
--> statement-breakpoint
CREATE TABLE "lti_sign_in_token" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"redirect_to" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti_user" (
	"platform_id" text NOT NULL,
	"sub" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "lti_user_platform_id_sub_pk" PRIMARY KEY("platform_id","sub")
);
--> statement-breakpoint
ALTER TABLE "class_instructor" ADD CONSTRAINT "class_instructor_class_id_class_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."class"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_instructor" ADD CONSTRAINT "class_instructor_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_context" ADD CONSTRAINT "lti_context_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_context" ADD CONSTRAINT "lti_context_class_id_class_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."class"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_deployment" ADD CONSTRAINT "lti_deployment_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_login" ADD CONSTRAINT "lti_login_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_resource_link" ADD CONSTRAINT "lti_resource_link_context_id_lti_context_id_fk" FOREIGN KEY ("context_id") REFERENCES "public"."lti_context"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_sign_in_token" ADD CONSTRAINT "lti_sign_in_token_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_user" ADD CONSTRAINT "lti_user_platform_id_lti_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platform"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_user" ADD CONSTRAINT "lti_user_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "class_instructor_user_idx" ON "class_instructor" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lti_context_platform_context_unique" ON "lti_context" USING btree ("platform_id","context_id");--> statement-breakpoint
CREATE INDEX "lti_context_class_idx" ON "lti_context" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "lti_login_expires_idx" ON "lti_login" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lti_platform_issuer_client_unique" ON "lti_platform" USING btree ("issuer","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lti_resource_link_unique" ON "lti_resource_link" USING btree ("context_id","resource_link_id");--> statement-breakpoint
CREATE INDEX "lti_user_user_idx" ON "lti_user" USING btree ("user_id");