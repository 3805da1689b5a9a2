-- CreateIndex
CREATE INDEX "message_search_workspaceId_createdAt_idx" ON "message_search"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "message_search_workspaceId_authorId_createdAt_idx" ON "message_search"("workspaceId", "authorId", "createdAt");
