-- CreateTable
CREATE TABLE "TemplateSend" (
    "msgid" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT,
    "touser" TEXT NOT NULL,
    "sentAt" DATETIME,
    "status" TEXT,
    "outcome" TEXT,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "TemplateSend_sentAt_idx" ON "TemplateSend"("sentAt");
