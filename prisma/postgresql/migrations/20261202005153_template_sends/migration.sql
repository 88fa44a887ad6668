-- CreateTable
CREATE TABLE "TemplateSend" (
    "msgid" TEXT NOT NULL,
    "templateId" TEXT,
    "touser" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),
    "status" TEXT,
    "outcome" TEXT,
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateSend_pkey" PRIMARY KEY ("msgid")
);

-- CreateIndex
CREATE INDEX "TemplateSend_sentAt_idx" ON "TemplateSend"("sentAt");
