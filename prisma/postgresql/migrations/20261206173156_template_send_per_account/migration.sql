-- AlterTable
ALTER TABLE "TemplateSend" DROP CONSTRAINT "TemplateSend_pkey",
ADD COLUMN     "appId" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "TemplateSend_pkey" PRIMARY KEY ("appId", "msgid");

-- CreateIndex
CREATE INDEX "TemplateSend_appId_finishedAt_idx" ON "TemplateSend"("appId", "finishedAt");
