-- Hand-written (Prisma does not manage extensions here): trigram matching for substring search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "message_search" (
    "messageId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "authorId" UUID,
    "body" TEXT NOT NULL,
    "hasFile" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "document" tsvector,

    CONSTRAINT "message_search_pkey" PRIMARY KEY ("messageId")
);

-- CreateIndex
CREATE INDEX "message_search_workspaceId_channelId_createdAt_idx" ON "message_search"("workspaceId", "channelId", "createdAt");

-- CreateIndex
CREATE INDEX "message_search_document_idx" ON "message_search" USING GIN ("document");

-- CreateIndex
CREATE INDEX "message_search_body_idx" ON "message_search" USING GIN ("body" gin_trgm_ops);
