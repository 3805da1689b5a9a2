-- AlterTable
ALTER TABLE "users" ADD COLUMN     "emailNotifications" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "thread_followers" (
    "threadRootId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "following" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "thread_followers_pkey" PRIMARY KEY ("threadRootId","userId")
);

-- CreateIndex
CREATE INDEX "thread_followers_userId_idx" ON "thread_followers"("userId");

-- CreateIndex
CREATE INDEX "notifications_emailedAt_createdAt_idx" ON "notifications"("emailedAt", "createdAt");

-- CreateIndex
CREATE INDEX "notifications_messageId_idx" ON "notifications"("messageId");

-- AddForeignKey
ALTER TABLE "thread_followers" ADD CONSTRAINT "thread_followers_threadRootId_fkey" FOREIGN KEY ("threadRootId") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_followers" ADD CONSTRAINT "thread_followers_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
