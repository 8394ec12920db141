export type Task = {
  id: number
  title: string
  description: string
  status: 'todo' | 'doing' | 'done'
  assignee: string
  due: string | null
}
